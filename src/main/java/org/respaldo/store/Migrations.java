package org.respaldo.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code db/migration/V<n>__<name>.sql}, listed in order in
 * {@code db/migration/index.txt}, each applied once and recorded in {@code schema_version}.
 * On PostgreSQL the table is locked while migrating, so two nodes starting together apply
 * each migration once.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("^V(\\d+)__([A-Za-z0-9_]+)\\.sql$");

    private Migrations() {
    }

    /** A migration file. */
    record Migration(int version, String description, String file) {
    }

    /** Applies the pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        List<Migration> all = index();
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            c.setAutoCommit(false);
            try {
                if (postgres) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                    }
                }
                int current = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                int applied = 0;
                for (Migration m : all) {
                    if (m.version() <= current) {
                        continue;
                    }
                    for (String sql : statements(read(m.file()))) {
                        try (Statement s = c.createStatement()) {
                            s.execute(sql);
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.description());
                        ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                        ps.executeUpdate();
                    }
                    applied++;
                    LOG.info("Database migrated to version {} ({})", m.version(), m.description());
                }
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    static List<Migration> index() {
        List<Migration> result = new ArrayList<>();
        int expected = 1;
        for (String line : read("index.txt").split("\\R")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
                throw new IllegalStateException("db/migration/index.txt: '" + name + "' must be V" + expected + "__<name>.sql");
            }
            result.add(new Migration(expected++, m.group(2).replace('_', ' '), name));
        }
        return result;
    }

    /** Splits a script on semicolons at line ends; lines starting with -- are comments. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = current.toString().strip();
                result.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing db/migration/" + file + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
