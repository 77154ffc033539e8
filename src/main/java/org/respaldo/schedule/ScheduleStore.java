package org.respaldo.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Schedules, their version history and their fires, over JDBC (H2 or PostgreSQL). */
public final class ScheduleStore {

    /** One accepted version of a schedule. */
    public record Version(String scheduleId, int version, Instant acceptedAt, String owner, String sha256,
            String sourceFile, String archivedFile, String content) {
    }

    /** A schedule's active version and whether it is enabled. */
    public record Active(Version version, boolean enabled) {
    }

    private final DataSource dataSource;

    public ScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new version and makes it the active one; returns its version number. */
    public int accept(String id, boolean enabled, Instant acceptedAt, String owner, String sha256, String sourceFile,
            String archivedFile, String content) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int version = 1;
                boolean exists = false;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT active_version FROM schedule WHERE id = ? FOR UPDATE")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            exists = true;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COALESCE(MAX(version), 0) FROM schedule_version WHERE schedule_id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        version = rs.getInt(1) + 1;
                    }
                }
                OffsetDateTime at = utc(acceptedAt);
                if (exists) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE schedule SET active_version = ?, enabled = ?, updated_at = ? WHERE id = ?")) {
                        ps.setInt(1, version);
                        ps.setBoolean(2, enabled);
                        ps.setObject(3, at);
                        ps.setString(4, id);
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO schedule (id, active_version, enabled, updated_at) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setInt(2, version);
                        ps.setBoolean(3, enabled);
                        ps.setObject(4, at);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schedule_version (schedule_id, version, accepted_at, owner, sha256, source_file, archived_file, content)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setInt(2, version);
                    ps.setObject(3, at);
                    ps.setString(4, owner);
                    ps.setString(5, sha256);
                    ps.setString(6, sourceFile);
                    ps.setString(7, archivedFile);
                    ps.setString(8, content);
                    ps.executeUpdate();
                }
                c.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store schedule " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every schedule's active version. */
    public List<Active> activeVersions() {
        String sql = "SELECT v.schedule_id, v.version, v.accepted_at, v.owner, v.sha256, v.source_file, v.archived_file, v.content, s.enabled"
                + " FROM schedule s JOIN schedule_version v ON v.schedule_id = s.id AND v.version = s.active_version ORDER BY s.id";
        List<Active> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new Active(version(rs), rs.getBoolean(9)));
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("could not read schedules: " + e.getMessage(), e);
        }
    }

    /** Every version of one schedule, oldest first. */
    public List<Version> history(String id) {
        String sql = "SELECT schedule_id, version, accepted_at, owner, sha256, source_file, archived_file, content"
                + " FROM schedule_version WHERE schedule_id = ? ORDER BY version";
        List<Version> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(version(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("could not read the history of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records a trigger fire. Returns false when this fire time of this schedule was recorded
     * before (after a restart, or by another node): the caller must then not run it.
     */
    public boolean recordFire(String id, int version, Instant scheduled, Instant actual) {
        String sql = "INSERT INTO schedule_fire (schedule_id, scheduled_fire_time, schedule_version, actual_fire_time) VALUES (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setObject(2, utc(scheduled));
            ps.setInt(3, version);
            ps.setObject(4, utc(actual));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw new StoreException("could not record the fire of " + id + " at " + scheduled + ": " + e.getMessage(), e);
        }
    }

    /** A recorded fire. */
    public record Fire(String scheduleId, int version, Instant scheduled, Instant actual) {
    }

    public List<Fire> fires(String id) {
        String sql = "SELECT schedule_id, schedule_version, scheduled_fire_time, actual_fire_time FROM schedule_fire"
                + " WHERE schedule_id = ? ORDER BY scheduled_fire_time";
        List<Fire> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Fire(rs.getString(1), rs.getInt(2), instant(rs, 3), instant(rs, 4)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("could not read the fires of " + id + ": " + e.getMessage(), e);
        }
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(rs.getString(1), rs.getInt(2), instant(rs, 3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    /** A database failure, with what was being done. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
