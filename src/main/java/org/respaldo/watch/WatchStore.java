package org.respaldo.watch;

import static org.respaldo.store.Jdbc.instant;
import static org.respaldo.store.Jdbc.utc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.respaldo.store.Jdbc;

/**
 * What the watch and the digest read in one query each (every schedule at once, not one query per
 * schedule per minute), and the digest's own table {@code digest_repository} (V11).
 */
public final class WatchStore {

    /** A schedule's last run that ended SUCCESS or WARNING: its id and when it started. */
    public record Good(String runId, Instant at) {
    }

    /** A repository's free space as one digest saw it. */
    public record RepositorySpace(String server, String repository, double freeGb, double capacityGb) {
    }

    /** A mail the outbox gave up on. */
    public record Undelivered(long id, String event, String scheduleId, String recipients, String subject, String error,
            Instant createdAt) {
    }

    static final String STALE = "stale:";
    static final String RECOVERED = "recovered:";
    static final String DIGEST_MAIL = "digest-mail:";
    private static final String WHAT = "the RPO watch";

    private final Jdbc jdbc;

    public WatchStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Every schedule's last good run (a run's start, or its fire time when it never started). */
    public Map<String, Good> lastGoodRuns() {
        Map<String, Good> out = new HashMap<>();
        jdbc.query(WHAT, "SELECT r.schedule_id, r.id, COALESCE(r.started_at, r.scheduled_fire_time) FROM run r JOIN (SELECT"
                + " schedule_id, MAX(COALESCE(started_at, scheduled_fire_time)) AS t FROM run WHERE result IN ('SUCCESS', 'WARNING')"
                + " GROUP BY schedule_id) g ON g.schedule_id = r.schedule_id AND COALESCE(r.started_at, r.scheduled_fire_time) = g.t"
                + " WHERE r.result IN ('SUCCESS', 'WARNING')", rs -> {
                    Good g = new Good(rs.getString(2), instant(rs, 3));
                    out.merge(rs.getString(1), g, (a, b) -> a.runId().compareTo(b.runId()) >= 0 ? a : b);
                });
        return out;
    }

    /** When each schedule's first version was accepted (a new version does not restart the count). */
    public Map<String, Instant> firstAccepted() {
        Map<String, Instant> out = new HashMap<>();
        jdbc.query(WHAT, "SELECT schedule_id, MIN(accepted_at) FROM schedule_version GROUP BY schedule_id",
                rs -> out.put(rs.getString(1), instant(rs, 2)));
        return out;
    }

    /** The breaches a stale mail was sent for and no recovered mail yet: schedule id → basis ("run:…" or "accepted:…"). */
    public Map<String, List<String>> openBreaches() {
        Map<String, List<String>> out = new HashMap<>();
        jdbc.query(WHAT, "SELECT s.once_key FROM ops_once s WHERE s.once_key LIKE 'stale:%' AND NOT EXISTS (SELECT 1 FROM ops_once r"
                + " WHERE r.once_key = CONCAT('recovered:', SUBSTRING(s.once_key, 7)))", rs -> {
                    String rest = rs.getString(1).substring(STALE.length());
                    int colon = rest.indexOf(':');
                    if (colon > 0) {
                        out.computeIfAbsent(rest.substring(0, colon), k -> new ArrayList<>()).add(rest.substring(colon + 1));
                    }
                });
        return out;
    }

    /** The mails the outbox gave up on that no digest has reported yet, oldest first. */
    public List<Undelivered> unreportedFailedMails(int limit) {
        List<Undelivered> out = new ArrayList<>();
        jdbc.query(WHAT, "SELECT m.id, m.event, m.schedule_id, m.recipients, m.subject, m.last_error, m.created_at FROM mail_outbox m"
                + " WHERE m.status = 'FAILED' AND NOT EXISTS (SELECT 1 FROM ops_once o WHERE o.once_key = CONCAT('digest-mail:',"
                + " CAST(m.id AS VARCHAR(20)))) ORDER BY m.id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                rs -> out.add(new Undelivered(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), instant(rs, 7))));
        return out;
    }

    /** What the digest of a day saw (empty when there was no digest that day, or it saw none). */
    public List<RepositorySpace> repositoriesOn(LocalDate day) {
        List<RepositorySpace> out = new ArrayList<>();
        jdbc.query(WHAT, "SELECT server, repository, free_gb, capacity_gb FROM digest_repository WHERE digest_date = ?"
                + " ORDER BY server, repository", rs -> out.add(new RepositorySpace(rs.getString(1), rs.getString(2), rs.getDouble(3),
                        rs.getDouble(4))), day);
        return out;
    }

    /** Keeps what today's digest saw (in the digest's transaction). */
    static void saveRepositories(Connection c, LocalDate day, List<RepositorySpace> seen, Instant at) throws SQLException {
        Jdbc.exec(c, "DELETE FROM digest_repository WHERE digest_date = ?", day);
        for (RepositorySpace r : seen) {
            Jdbc.exec(c, "INSERT INTO digest_repository (digest_date, server, repository, free_gb, capacity_gb, seen_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", day, r.server(), cut(r.repository(), 400), r.freeGb(), r.capacityGb(), utc(at));
        }
    }

    /** Removes what digests older than {@code before} saw (only a week back is ever compared). */
    static void forgetBefore(Connection c, LocalDate before) throws SQLException {
        Jdbc.exec(c, "DELETE FROM digest_repository WHERE digest_date < ?", before);
    }

    <T> T inTransaction(String what, Jdbc.Work<T> work) {
        return jdbc.inTransaction(what, work);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
