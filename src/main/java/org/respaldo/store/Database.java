package org.respaldo.store;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The database: an embedded H2 file under the data dir by default, or PostgreSQL (or any JDBC
 * URL) when {@code respaldo.db.url} is set. Schema migrations (db/migration) run at start-up.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final String description;
    private final String vendor;

    private Database(HikariDataSource dataSource, String description, String vendor) {
        this.dataSource = dataSource;
        this.description = description;
        this.vendor = vendor;
    }

    /**
     * The embedded H2 database in the data dir. Each connection keeps its last 128 parsed statements
     * (H2's default is 8: Quartz's JDBC store alone uses more than that per trigger change, so every
     * statement was parsed again; parsing was a tenth of the intake's CPU time). The page cache is an
     * eighth of the heap, from H2's 16 MB up to 64 MB: the pages a new version touches (its schedule,
     * its trigger and their indexes, at random places) then stay in memory for 10,000 schedules; with
     * 16 MB a tenth of the intake's time went to reading pages back (IntakeBenchmark, 1 GB heap: 0.60
     * against 0.71 ms per file).
     */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("respaldo")
                + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=128;CACHE_SIZE=" + cacheKb(Runtime.getRuntime().maxMemory());
    }

    /** H2's page cache for a heap of {@code maxHeapBytes}: an eighth of it, between 16 and 64 MB (in KB, as H2 takes it). */
    static long cacheKb(long maxHeapBytes) {
        return Math.max(16 * 1024, Math.min(64 * 1024, maxHeapBytes / 8 / 1024));
    }

    /** Opens the pool and migrates the schema. An empty url means the embedded H2 database. */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize) {
        boolean embedded = url == null || url.isBlank();
        String jdbcUrl = embedded ? embeddedUrl(dataDir) : url.trim();
        if (embedded) {
            try {
                Files.createDirectories(dataDir.resolve("db"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create " + dataDir.resolve("db") + ": " + e.getMessage(), e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(embedded ? "sa" : blankToNull(user));
        config.setPassword(embedded ? "" : blankToNull(password));
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("respaldo-db");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + redact(jdbcUrl) + ": " + rootMessage(e)
                    + ". Check respaldo.db.url / RESPALDO_DB_URL, RESPALDO_DB_USER and RESPALDO_DB_PASSWORD.", e);
        }
        String vendor = vendor(jdbcUrl);
        Migrations.migrate(ds, vendor);
        return new Database(ds, embedded ? "H2 " + dataDir.resolve("db") : redact(jdbcUrl), vendor);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** {@code h2} or {@code postgresql} (Flyway's and Quartz's vendor). */
    public String vendor() {
        return vendor;
    }

    /** Where the data is, without credentials, for logs. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The vendor folder of the migrations for a JDBC URL. */
    static String vendor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "h2";
        }
        throw new IllegalStateException("respaldo.db.url must be a PostgreSQL (jdbc:postgresql:...) or H2 (jdbc:h2:...) URL;"
                + " got " + redact(jdbcUrl));
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
