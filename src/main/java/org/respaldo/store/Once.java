package org.respaldo.store;

import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Something that must happen once per cluster (a mail for a condition, the day's digest): the
 * first node to insert its key in {@code ops_once} does it, every other node and every restart
 * finds the key taken. The insert is the guard, so two nodes racing for the same key cannot both
 * win (the primary key decides, on H2 and PostgreSQL alike).
 *
 * <p>Claim in the same transaction as the work's own write when there is one (an outbox row), so a
 * crash between the two leaves neither: see {@link #claim(java.sql.Connection, String, Instant, String, String)}.
 */
public final class Once {

    private final Jdbc jdbc;
    private final String node;

    public Once(DataSource dataSource, String node) {
        this.jdbc = new Jdbc(dataSource);
        this.node = node;
    }

    /** Takes the key; true when this call took it (do the thing), false when it was already taken. */
    public boolean claim(String key, Instant now, String detail) {
        try {
            return jdbc.inTransaction("claiming " + key, c -> claim(c, key, now, node, detail));
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Takes the key inside the caller's transaction. A duplicate key throws (the caller's transaction
     * must roll back: another node did the thing); check {@link Jdbc#isDuplicateKey(Throwable)}.
     */
    public static boolean claim(java.sql.Connection c, String key, Instant now, String node, String detail)
            throws java.sql.SQLException {
        if (key.length() > 300) {
            throw new IllegalArgumentException("once key longer than 300 characters: " + key.substring(0, 60) + "…");
        }
        return Jdbc.exec(c, "INSERT INTO ops_once (once_key, done_at, node, detail) VALUES (?, ?, ?, ?)", key, Jdbc.utc(now),
                node, detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail) == 1;
    }

    /** Whether the key was taken, and when. */
    public Optional<Instant> doneAt(String key) {
        Instant[] at = new Instant[1];
        jdbc.query("reading " + key, "SELECT done_at FROM ops_once WHERE once_key = ?", rs -> at[0] = Jdbc.instant(rs, 1), key);
        return Optional.ofNullable(at[0]);
    }

    public String node() {
        return node;
    }
}
