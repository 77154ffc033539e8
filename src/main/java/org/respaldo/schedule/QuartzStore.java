package org.respaldo.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's JDBC JobStore on Respaldo's own database (the QRTZ_ tables of the migrations), so that
 * triggers and their next fire times survive restarts and Quartz finds the fires it missed. Every
 * node uses the same scheduler name ({@code respaldo}); the instance id is the node's name.
 */
public final class QuartzStore {

    public static final String SCHEDULER_NAME = "respaldo";

    private QuartzStore() {
    }

    /**
     * The settings of the store.
     *
     * @param vendor            {@code h2} or {@code postgresql}
     * @param threads           Quartz's threads (a fire is a short database write)
     * @param misfireThreshold  a fire later than this is a misfire
     * @param clustered         Quartz's cluster mode (several nodes on one database)
     */
    public record Config(String vendor, String node, int threads, Duration misfireThreshold, boolean clustered,
            Duration clusterCheckin) {
    }

    /** A scheduler factory for camel-quartz's component, on {@code dataSource}. */
    public static StdSchedulerFactory factory(DataSource dataSource, Config c) throws SchedulerException {
        // Quartz finds its data source by name; a name per process start keeps several applications in one JVM (tests) apart
        String name = "respaldo-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to Respaldo's Database
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, c.node());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(c.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "respaldo-quartz");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(c.threads()));
        p.setProperty("org.quartz.jobStore.class", ScheduleJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "postgresql".equals(c.vendor())
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", name);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(c.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(c.clustered()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(c.clusterCheckin().toMillis()));
        if (c.clustered()) {
            // a trigger another node registered is not signalled here: look for due fires every 5 s (not Quartz's 30)
            p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        }
        return new StdSchedulerFactory(p);
    }
}
