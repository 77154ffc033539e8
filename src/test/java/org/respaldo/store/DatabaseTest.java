package org.respaldo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 database's settings, as H2 reports them. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void thePageCacheIsAnEighthOfTheHeapBetween16And64Megabytes() {
        assertThat(Database.cacheKb(64L << 20)).isEqualTo(16 * 1024);
        assertThat(Database.cacheKb(256L << 20)).isEqualTo(32 * 1024);
        assertThat(Database.cacheKb(1L << 30)).isEqualTo(64 * 1024);
        assertThat(Database.cacheKb(8L << 30)).isEqualTo(64 * 1024);
    }

    @Test
    void theEmbeddedDatabaseRunsWithThatCacheAndKeepsParsedStatements() throws Exception {
        try (Database db = Database.open("", "", "", dir, 2); Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME IN ('info.CACHE_MAX_SIZE', 'QUERY_CACHE_SIZE') ORDER BY SETTING_NAME")) {
            java.util.Map<String, String> settings = new java.util.TreeMap<>();
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
            // info.CACHE_MAX_SIZE is in MB
            assertThat(settings).containsEntry("info.CACHE_MAX_SIZE", String.valueOf(Database.cacheKb(Runtime.getRuntime().maxMemory()) / 1024))
                    .containsEntry("QUERY_CACHE_SIZE", "128");
        }
    }
}
