package org.respaldo.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.api.Trigger;

/**
 * A real database fault for tests: an H2 trigger that makes writes to a table fail while the
 * table's name is in {@link #refused}, the way a database that refuses writes for a moment does
 * (the application sees a real SQLException from its JDBC driver).
 */
public final class FailingWrites implements Trigger {

    /** Tables whose writes fail now (upper case). */
    public static final Set<String> refused = ConcurrentHashMap.newKeySet();

    private String table;

    /** Installs the trigger on a table (insert and update). */
    static void install(Connection c, String table) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TRIGGER IF NOT EXISTS refuse_" + table + " BEFORE INSERT, UPDATE ON " + table
                    + " FOR EACH ROW CALL \"" + FailingWrites.class.getName() + "\"");
        }
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (refused.contains(table)) {
            throw new SQLException("the database refuses writes to " + table + " (injected by the test)", "25006");
        }
    }
}
