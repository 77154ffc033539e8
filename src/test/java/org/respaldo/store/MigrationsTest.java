package org.respaldo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.testing.Databases;

/**
 * Flyway takes over the databases the previous release made (its own runner, table
 * schema_version, V1–V3) in place, with their data: an H2 file and a PostgreSQL dump that
 * today's main (before Flyway) wrote while running its demo, kept under test resources/legacy.
 */
class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void anH2FileOfThePreviousReleaseIsUpgradedInPlaceWithItsData() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        try (InputStream in = getClass().getResourceAsStream("/legacy/respaldo-v3.mv.db")) {
            Files.copy(in, dir.resolve("db/respaldo.mv.db"));
        }
        try (Database db = Database.open("", "", "", dir, 2)) {
            checkUpgraded(db);
        }
        try (Database db = Database.open("", "", "", dir, 2)) {
            assertThat(Migrations.migrate(db.dataSource(), "h2")).as("nothing left to apply").isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM schedule")).isEqualTo(1);
        }
    }

    @Test
    void aPostgresqlDatabaseOfThePreviousReleaseIsUpgradedInPlaceWithItsData() throws Exception {
        String url = Databases.postgres(); // skips (or fails under RESPALDO_REQUIRE_PG=1) without PostgreSQL
        String schema = "respaldo_legacy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String dump;
        try (InputStream in = getClass().getResourceAsStream("/legacy/respaldo-v3-postgresql.sql")) {
            dump = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__SCHEMA__", schema);
        }
        Path file = dir.resolve("dump.sql");
        Files.writeString(file, dump);
        Process psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", Databases.PG_USER, "-d",
                "test", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor()).as("psql loads the dump: " + out).isZero();
        String legacyUrl = url.replaceAll("currentSchema=[^&]+", "currentSchema=" + schema);
        try (Database db = Database.open(legacyUrl, Databases.PG_USER, "", dir, 2)) {
            checkUpgraded(db);
        }
    }

    private static void checkUpgraded(Database db) throws Exception {
        assertThat(strings(db, "SELECT CAST(\"version\" AS VARCHAR(10)) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                + " ORDER BY \"installed_rank\"")).containsExactly("3", "4", "5", "6", "7", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18");
        assertThat(tableExists(db, "schema_version")).as("the old runner's table is gone").isFalse();
        assertThat(strings(db, "SELECT id FROM schedule")).containsExactly("demo-respaldo-bd");
        assertThat(strings(db, "SELECT CONCAT(status, '/', result) FROM run")).containsExactly("CONCLUDED/WARNING");
        assertThat(strings(db, "SELECT DISTINCT status FROM mail_outbox")).containsExactly("SENT");
        assertThat(count(db, "SELECT COUNT(*) FROM mail_outbox")).isGreaterThanOrEqualTo(3);
        assertThat(count(db, "SELECT COUNT(*) FROM run_job WHERE state = 'DONE'")).isEqualTo(4);
        assertThat(count(db, "SELECT COUNT(*) FROM qrtz_locks")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM schedule_fire")).isEqualTo(1);
    }

    @Test
    void anEmptyH2DatabaseGetsEveryMigration() throws Exception {
        try (Database db = Database.open("", "", "", dir, 2)) {
            assertThat(strings(db, "SELECT CAST(\"version\" AS VARCHAR(10)) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                + " ORDER BY \"installed_rank\""))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18");
        }
    }

    @Test
    void nodesStartingTogetherAgainstOneEmptyPostgresqlDatabaseMigrateItOnce() throws Exception {
        String url = Databases.postgres();
        int nodes = 3;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CyclicBarrier together = new CyclicBarrier(nodes);
        List<HikariDataSource> sources = new ArrayList<>();
        List<Future<Integer>> applied = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername(Databases.PG_USER);
                config.setMaximumPoolSize(2);
                HikariDataSource ds = new HikariDataSource(config);
                sources.add(ds);
                applied.add(pool.submit(() -> {
                    together.await();
                    return Migrations.migrate(ds, "postgresql");
                }));
            }
            List<Integer> counts = new ArrayList<>();
            for (Future<Integer> f : applied) {
                counts.add(f.get());
            }
            // one node applies every migration in one transaction; the others find nothing left to do
            assertThat(counts).as("migrations applied by each node").containsExactlyInAnyOrder(17, 0, 0);
            try (Database db = Database.open(url, Databases.PG_USER, "", Files.createDirectories(dir.resolve("node")), 2)) {
                assertThat(strings(db, "SELECT CAST(\"version\" AS VARCHAR(10)) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                        + " ORDER BY \"installed_rank\"")).containsExactly("1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18");
            }
        } finally {
            pool.shutdownNow();
            sources.forEach(HikariDataSource::close);
        }
    }

    private static List<String> strings(Database db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Database db, String sql) throws Exception {
        return Long.parseLong(strings(db, sql).get(0));
    }

    private static boolean tableExists(Database db, String table) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), name, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
