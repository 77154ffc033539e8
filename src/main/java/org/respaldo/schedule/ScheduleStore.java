package org.respaldo.schedule;

import static org.respaldo.store.Jdbc.exec;
import static org.respaldo.store.Jdbc.instant;
import static org.respaldo.store.Jdbc.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.respaldo.store.Jdbc;

/** Schedules, their version history and their fires, over JDBC (H2 or PostgreSQL). */
public final class ScheduleStore {

    /** One accepted version of a schedule. */
    public record Version(String scheduleId, int version, Instant acceptedAt, String owner, String sha256,
            String sourceFile, String archivedFile, String content) {
    }

    /** A schedule's active version and whether it is enabled. */
    public record Active(Version version, boolean enabled) {
    }

    /** A recorded fire. */
    public record Fire(String scheduleId, int version, Instant scheduled, Instant actual) {
    }

    private static final String VERSION_COLUMNS =
            "schedule_id, version, accepted_at, owner, sha256, source_file, archived_file, content";

    private final Jdbc jdbc;

    public ScheduleStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores a new version and makes it the active one; returns its version number. */
    public int accept(String id, boolean enabled, Instant acceptedAt, String owner, String sha256, String sourceFile,
            String archivedFile, String content) {
        return accept(id, enabled, acceptedAt, owner, sha256, sourceFile, archivedFile, content, (c, v) -> {
        });
    }

    /** More work in the transaction that stores a version (the acceptance mail into the outbox). */
    @FunctionalInterface
    public interface AlsoInTransaction {
        void run(java.sql.Connection c, int version) throws SQLException;
    }

    /**
     * Stores a new version and makes it the active one, doing {@code also} in the same transaction;
     * returns its version number.
     */
    public int accept(String id, boolean enabled, Instant acceptedAt, String owner, String sha256, String sourceFile,
            String archivedFile, String content, AlsoInTransaction also) {
        try {
            return acceptOnce(id, enabled, acceptedAt, owner, sha256, sourceFile, archivedFile, content, also);
        } catch (Jdbc.DataException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            // another node stored the first version of this new schedule at the same moment: this one is the next
            return acceptOnce(id, enabled, acceptedAt, owner, sha256, sourceFile, archivedFile, content, also);
        }
    }

    private int acceptOnce(String id, boolean enabled, Instant acceptedAt, String owner, String sha256, String sourceFile,
            String archivedFile, String content, AlsoInTransaction also) {
        return jdbc.inTransaction("could not store schedule " + id, c -> {
            // the active version is always the latest one (each accepted version becomes active). The UPDATE takes the
            // row's lock first (no SELECT ... FOR UPDATE: H2 parses one of those anew each time, a tenth of a file's
            // store time)
            int version;
            if (exec(c, "UPDATE schedule SET active_version = active_version + 1, enabled = ?, updated_at = ? WHERE id = ?",
                    enabled, utc(acceptedAt), id) == 1) {
                try (PreparedStatement ps = c.prepareStatement("SELECT active_version FROM schedule WHERE id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        version = rs.getInt(1);
                    }
                }
            } else {
                version = 1;
                exec(c, "INSERT INTO schedule (id, active_version, enabled, updated_at) VALUES (?, ?, ?, ?)",
                        id, version, enabled, utc(acceptedAt));
            }
            exec(c, "INSERT INTO schedule_version (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, version, utc(acceptedAt), owner, sha256, sourceFile, archivedFile, content);
            also.run(c, version);
            return version;
        });
    }

    /** One version of a schedule. */
    public java.util.Optional<Version> version(String id, int version) {
        List<Version> result = new ArrayList<>();
        jdbc.query("could not read version " + version + " of " + id,
                "SELECT " + VERSION_COLUMNS + " FROM schedule_version WHERE schedule_id = ? AND version = ?",
                rs -> result.add(version(rs)), id, version);
        return result.stream().findFirst();
    }

    /**
     * The trigger of a schedule says what it was registered for in its description
     * ({@link ScheduleTriggers#description}): written in Quartz's own transaction with the trigger,
     * so the two never disagree, and a new version costs no write of its own for it. A trigger
     * registered before that (its description has no signature) has it in the schedule's row
     * (column {@code trigger_signature}, no longer written).
     */
    private static final String TRIGGER_JOIN = " LEFT JOIN qrtz_triggers t ON t.sched_name = '" + QuartzStore.SCHEDULER_NAME
            + "' AND t.trigger_group = '" + ScheduleTriggers.GROUP + "' AND t.trigger_name = s.id";

    /** What a trigger was registered for, from its description and the schedule's row; null without a trigger. */
    private static String signature(String description, boolean hasTrigger, String legacy) {
        if (!hasTrigger) {
            return null;
        }
        String inDescription = ScheduleTriggers.signatureIn(description);
        return inDescription != null ? inDescription : legacy;
    }

    /** What each schedule's trigger was registered for (schedules without a trigger are absent). */
    public java.util.Map<String, String> triggerSignatures() {
        java.util.Map<String, String> result = new java.util.HashMap<>();
        jdbc.query("could not read schedules", "SELECT s.id, t.description, t.trigger_name, s.trigger_signature FROM schedule s"
                + TRIGGER_JOIN + " WHERE t.trigger_name IS NOT NULL", rs -> {
                    String signature = signature(rs.getString(2), rs.getString(3) != null, rs.getString(4));
                    if (signature != null) {
                        result.put(rs.getString(1), signature);
                    }
                });
        return result;
    }

    /** Every schedule's active version. */
    public List<Active> activeVersions() {
        List<Active> result = new ArrayList<>();
        jdbc.query("could not read schedules",
                "SELECT v.schedule_id, v.version, v.accepted_at, v.owner, v.sha256, v.source_file, v.archived_file, v.content, s.enabled"
                        + " FROM schedule s JOIN schedule_version v ON v.schedule_id = s.id AND v.version = s.active_version ORDER BY s.id",
                rs -> result.add(new Active(version(rs), rs.getBoolean(9))));
        return result;
    }

    /**
     * The active versions of the schedules changed at or after {@code since} (another node accepted
     * them), with the trigger signature each has, and the time of the newest change seen.
     */
    public List<Changed> changedSince(Instant since) {
        List<Changed> result = new ArrayList<>();
        jdbc.query("could not read schedules",
                "SELECT v.schedule_id, v.version, v.accepted_at, v.owner, v.sha256, v.source_file, v.archived_file, v.content, s.enabled,"
                        + " s.trigger_signature, s.updated_at, t.description, t.trigger_name FROM schedule s JOIN schedule_version v"
                        + " ON v.schedule_id = s.id AND v.version = s.active_version" + TRIGGER_JOIN + " WHERE v.accepted_at >= ? ORDER BY s.id",
                rs -> result.add(new Changed(version(rs), signature(rs.getString(12), rs.getString(13) != null, rs.getString(10)),
                        Jdbc.instant(rs, 11))), utc(since));
        return result;
    }

    /** A schedule changed since a moment: its active version, its trigger signature, when it changed. */
    public record Changed(Version version, String triggerSignature, Instant updatedAt) {
    }

    /** The active version of a schedule, or null when there is no such schedule. */
    public Integer activeVersion(String id) {
        Integer[] out = {null};
        jdbc.query("could not read schedule " + id, "SELECT active_version FROM schedule WHERE id = ?", rs -> out[0] = rs.getInt(1), id);
        return out[0];
    }

    /** The signature a schedule's trigger was registered for, or null. */
    public String triggerSignature(String id) {
        String[] out = {null};
        jdbc.query("could not read schedule " + id, "SELECT t.description, t.trigger_name, s.trigger_signature FROM schedule s"
                + TRIGGER_JOIN + " WHERE s.id = ?", rs -> out[0] = signature(rs.getString(1), rs.getString(2) != null, rs.getString(3)), id);
        return out[0];
    }

    /** Every version of one schedule, oldest first. */
    public List<Version> history(String id) {
        List<Version> result = new ArrayList<>();
        jdbc.query("could not read the history of " + id,
                "SELECT " + VERSION_COLUMNS + " FROM schedule_version WHERE schedule_id = ? ORDER BY version",
                rs -> result.add(version(rs)), id);
        return result;
    }

    public List<Fire> fires(String id) {
        List<Fire> result = new ArrayList<>();
        jdbc.query("could not read the fires of " + id,
                "SELECT schedule_id, schedule_version, scheduled_fire_time, actual_fire_time FROM schedule_fire"
                        + " WHERE schedule_id = ? ORDER BY scheduled_fire_time",
                rs -> result.add(new Fire(rs.getString(1), rs.getInt(2), instant(rs, 3), instant(rs, 4))), id);
        return result;
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(rs.getString(1), rs.getInt(2), instant(rs, 3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
