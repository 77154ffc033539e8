package org.respaldo.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the store tests run against: embedded H2, and the PostgreSQL server of this
 * machine (127.0.0.1:5432, database test, trust auth) in a fresh schema per use. Where
 * PostgreSQL is absent the test is skipped with a visible message, unless
 * RESPALDO_REQUIRE_PG=1 (set by .ci/run), which turns the skip into a failure.
 */
public final class Databases {

    public static final String PG_BASE = System.getProperty("respaldo.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("respaldo.test.pg-user", "postgres");

    private Databases() {
    }

    /**
     * A migrated store of {@code kind} ("h2": embedded in {@code dir}; "postgresql": a fresh schema
     * on this machine's server) with a pool of {@code poolSize} connections.
     */
    public static org.respaldo.store.Database open(String kind, Path dir, int poolSize) {
        return kind.equals("h2") ? org.respaldo.store.Database.open("", "", "", dir, poolSize)
                : org.respaldo.store.Database.open(postgres(), PG_USER, "", dir, poolSize);
    }

    public static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * A PostgreSQL database of its own (a cluster's nodes share it), dropped on {@link PgDatabase#close}
     * with whatever connections are still open to it.
     */
    public static PgDatabase postgresDatabase() {
        String name = "respaldo_c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        int slash = PG_BASE.lastIndexOf('/');
        return new PgDatabase(name, PG_BASE.substring(0, slash + 1) + name);
    }

    /** A database of its own: its name and JDBC URL. */
    public record PgDatabase(String name, String url) implements AutoCloseable {
        @Override
        public void close() {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + PG_BASE + " as " + PG_USER + " (" + e.getMessage() + ")";
            if ("1".equals(System.getenv("RESPALDO_REQUIRE_PG"))) {
                Assertions.fail(message + " and RESPALDO_REQUIRE_PG=1 requires it");
            }
            System.err.println("SKIPPED: " + message + "; the PostgreSQL tests do not run here.");
            Assumptions.abort(message);
        }
    }

    /** A JDBC URL of PostgreSQL pointing at a new, empty schema. */
    public static String postgres() {
        String schema = "respaldo_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, null); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + PG_BASE + " as " + PG_USER + " (" + e.getMessage() + ")";
            if ("1".equals(System.getenv("RESPALDO_REQUIRE_PG"))) {
                Assertions.fail(message + " and RESPALDO_REQUIRE_PG=1 requires it");
            }
            System.err.println("SKIPPED: " + message + "; the PostgreSQL store tests do not run here.");
            Assumptions.abort(message);
        }
        return PG_BASE + "?currentSchema=" + schema;
    }
}
