package org.respaldo.schedule;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;

/**
 * camel-sql's orphan-lock-aware JDBC idempotent repository (one row per claim, kept alive by the
 * node that holds it, taken over once older than the lock's maximum age), with one guard added for
 * nodes that claim the same file in the same instant: Camel's {@code add} looks for a live claim
 * and then inserts, or — when a row exists — refreshes it, assuming it is an orphan. Two nodes
 * between that look and that write would both win. On PostgreSQL the look and the write of one key
 * run under a transaction-scoped advisory lock of that key, so they are one step across nodes. (A
 * cluster runs only on PostgreSQL; on H2 one process owns the database and its inbox consumer
 * claims from a single thread.)
 */
public final class InboxClaimRepository extends JdbcOrphanLockAwareIdempotentRepository {

    /** The advisory lock space of inbox claims ("RESP"). */
    static final int LOCK_SPACE = 0x52455350;

    private final boolean postgres;

    public InboxClaimRepository(DataSource dataSource, String processorName, CamelContext context, boolean postgres) {
        super(dataSource, processorName, context);
        this.postgres = postgres;
    }

    @Override
    protected int queryForInt(String key) {
        if (postgres) {
            // held until add()'s transaction ends: the other nodes' add of this key waits, then sees this claim
            getJdbcTemplate().query("SELECT pg_advisory_xact_lock(?, hashtext(?))", rs -> {
            }, LOCK_SPACE, key);
        }
        return super.queryForInt(key);
    }
}
