package org.respaldo.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema migrations with Flyway: {@code db/migration/common} for what H2 and PostgreSQL share and
 * {@code db/migration/h2} or {@code db/migration/postgresql} where they differ (vendor folders).
 *
 * <p>On PostgreSQL the pending migrations are applied as one group: one transaction under one
 * Flyway lock, so nodes that start together against one database migrate it once (one node applies
 * all of them, the others wait and find nothing left). Without the group, Flyway takes its lock per
 * migration and two starting nodes could each apply some of them. H2 has no transactional DDL and is
 * one node's embedded store, so it migrates one migration at a time.
 *
 * <p>A database made by Respaldo before Flyway (its own runner recorded V1–V3 in {@code schema_version})
 * is taken over in place: Flyway records it as baseline version 3 and applies V4 onwards.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String LEGACY_TABLE = "schema_version";
    static final int LEGACY_VERSION = 3;

    private Migrations() {
    }

    /** Applies the pending migrations for {@code vendor} ({@code h2} or {@code postgresql}); returns how many were applied. */
    public static int migrate(DataSource dataSource, String vendor) {
        int legacy = legacyVersion(dataSource);
        if (legacy > 0 && legacy != LEGACY_VERSION) {
            throw new IllegalStateException("the database has schema version " + legacy + " of a Respaldo release this one cannot "
                    + "upgrade (expected " + LEGACY_VERSION + "); start the release that made it, or use a new database");
        }
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .baselineOnMigrate(legacy == LEGACY_VERSION)
                .baselineVersion(String.valueOf(LEGACY_VERSION))
                .baselineDescription("schema V1-V3 of the hand-written runner (schema_version)")
                .validateMigrationNaming(true)
                .group("postgresql".equals(vendor))
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Database migrated from version {} to {} ({} migration(s){})",
                        result.initialSchemaVersion == null ? "0" : result.initialSchemaVersion, result.targetSchemaVersion,
                        result.migrationsExecuted, legacy > 0 ? "; taken over from the schema_version of the previous release" : "");
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    /** The version the hand-written runner recorded, or 0 when there is no such table (or Flyway already took over). */
    static int legacyVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!exists(c, LEGACY_TABLE) || exists(c, "flyway_schema_history")) {
                return 0;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE)) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's schema version: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
