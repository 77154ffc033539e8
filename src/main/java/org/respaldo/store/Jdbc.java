package org.respaldo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

/**
 * The small JDBC vocabulary the stores share: queries row by row, updates, transactions, and
 * instants stored as UTC {@code TIMESTAMP WITH TIME ZONE} (the same on H2 and PostgreSQL).
 * A failure becomes a {@link DataException} that says what was being done.
 */
public final class Jdbc {

    /** Reads one row. */
    @FunctionalInterface
    public interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void query(String what, String sql, Row row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new DataException(what, e);
        }
    }

    public void update(String what, String sql, Object... args) {
        inTransaction(what, c -> exec(c, sql, args));
    }

    /** Runs the work in one transaction, rolled back on any failure. */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // the original failure is what the caller must hear of (a broken connection cannot roll back)
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DataException(what, e);
        }
    }

    /** Executes one statement on a connection; returns the update count. */
    public static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    public static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Whether a failure is a unique-key violation (SQLState 23505 on H2 and PostgreSQL). */
    public static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    /** A database failure, with what was being done. */
    public static final class DataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DataException(String what, SQLException e) {
            super(what + ": " + e.getMessage(), e);
        }
    }
}
