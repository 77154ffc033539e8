package org.respaldo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.Scheduler;
import org.respaldo.config.Settings;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.RunReports;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.QuartzStore;
import org.respaldo.schedule.Inbox;
import org.respaldo.schedule.InboxClaims;
import org.respaldo.schedule.InboxFilter;
import org.respaldo.schedule.InboxInProgress;
import org.respaldo.schedule.InboxProcessStrategy;
import org.respaldo.schedule.InboxReadLock;
import org.respaldo.schedule.ScheduleFile;
import org.respaldo.schedule.ScheduleHealthCheck;
import org.respaldo.schedule.ScheduleIntake;
import org.respaldo.schedule.ScheduleOverlaps;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleStore;
import org.respaldo.schedule.ScheduleTriggers;
import org.respaldo.schedule.ScheduleValidator;
import org.respaldo.schedule.VeeamInventoryCheck;
import org.respaldo.store.Database;
import org.respaldo.veeam.VeeamServers;
import org.respaldo.web.ApiErrors;
import org.respaldo.web.MailApi;
import org.respaldo.web.RunApi;
import org.respaldo.web.ScheduleApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the house: settings, database, Quartz's store, the schedule registry and triggers, the
 * run store and the outbox, and binds the beans the YAML routes use by name
 * ({@code scheduleIntake}, {@code inboxProcessStrategy}, {@code inboxFilter}, {@code scheduleRegistry},
 * {@code scheduleApi}, ...). At start-up the
 * schedules are loaded before the routes start; Quartz starts once the routes are up (so the
 * misfires it finds at once reach their route), and goes to standby first when Respaldo stops.
 */
@Configuration
public class RespaldoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RespaldoConfiguration.class);

    /**
     * Fails start-up, naming the setting to change, when the port is already taken (otherwise the
     * HTTP server logs the clash and Respaldo runs on without its API and health).
     */
    static void requireFreePort(String host, int port, String setting) {
        if (port <= 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new org.respaldo.config.StartupException("port " + port + " on " + host + " is already in use (" + e.getMessage()
                    + "): stop whatever listens there, or set " + setting + " to a free port");
        }
    }

    @BindToRegistry("clock")
    public Clock clock() {
        return Clock.tickMillis(java.time.ZoneOffset.UTC);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        RequiredSettings.requireComplete(settings);
        requireFreePort(settings.get("respaldo.http.host", "127.0.0.1"), settings.getInt("respaldo.http.port", 8080),
                "respaldo.http.port (RESPALDO_HTTP_PORT)");
        // milliseconds: what the databases keep, so that a time read back equals the one written
        Clock clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        Path inboxDir = settings.inboxDir().toAbsolutePath().normalize();
        Files.createDirectories(inboxDir);

        // the database password comes from the environment only, like every secret
        Database database = Database.open(settings.get("respaldo.db.url", ""), settings.get("respaldo.db.user", ""),
                settings.env("RESPALDO_DB_PASSWORD").orElse(""), dataDir, settings.getInt("respaldo.db.pool-size", 16));
        String node = settings.nodeName();
        LOG.info("Profile {}; node {}; data dir {}; inbox {}; database {}", settings.profile(), node, dataDir, inboxDir,
                database.description());

        // a cluster (several nodes on one PostgreSQL database): on by default on PostgreSQL
        boolean clustered = settings.getBoolean("respaldo.cluster.enabled", "postgresql".equals(database.vendor()));
        // camel-quartz's scheduler, on Quartz's JDBC JobStore in the same database (clustered: one node fires each trigger)
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setSchedulerFactory(QuartzStore.factory(database.dataSource(), new QuartzStore.Config(database.vendor(), node,
                settings.getInt("respaldo.schedule.quartz-threads", 4), settings.duration("respaldo.schedule.misfire-threshold",
                        Duration.ofMinutes(1)), clustered, settings.duration("respaldo.cluster.quartz-checkin", Duration.ofSeconds(7)))));
        quartz.setAutoStartScheduler(false);

        ScheduleValidator validator = new ScheduleValidator(new ScheduleValidator.Rules(
                ZoneId.of(settings.get("respaldo.default-timezone", "America/Guatemala")),
                VeeamServers.configuredAliases(settings.properties(), settings.environment()), clock));
        ScheduleStore store = new ScheduleStore(database.dataSource());
        ScheduleRegistry registry = new ScheduleRegistry(store, validator, clock);
        registry.shared(clustered);
        // the routes that only a cluster needs (route schedule-refresh) start with it
        context.getPropertiesComponent().addOverrideProperty("respaldo.cluster.active", String.valueOf(clustered));
        ProducerTemplate producer = context.createProducerTemplate();
        ScheduleTriggers triggers = new ScheduleTriggers(fire -> producer.sendBody("direct:schedule-fired", fire),
                missed -> producer.sendBody("direct:schedule-missed", missed), registry::version, registry::activeVersion, clock);
        registry.triggers(triggers);
        long maxBytes = settings.getLong("respaldo.intake.max-file-bytes", 262_144);
        java.util.concurrent.atomic.AtomicReference<VeeamInventoryCheck> veeamCheck = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Supplier<VeeamInventoryCheck> lazyCheck = () -> veeamCheck.updateAndGet(existing -> {
            if (existing != null) {
                return existing;
            }
            VeeamServers servers = context.getRegistry().lookupByNameAndType("veeamServers", VeeamServers.class);
            return servers == null ? null : new VeeamInventoryCheck(servers, clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
        });
        // the inbox: a file is read once seen unchanged for min-age (never waiting on a thread); one that
        // keeps changing for longer than max-settle is rejected with that reason
        Duration minAge = Duration.ofMillis(settings.getLong("respaldo.intake.min-age-ms", 1000));
        Duration maxSettle = settings.getDuration("respaldo.intake.max-settle", Duration.ofMinutes(5));
        if (maxSettle.compareTo(minAge) <= 0) {
            throw new IllegalArgumentException("respaldo.intake.max-settle (" + maxSettle + ") must be longer than"
                    + " respaldo.intake.min-age-ms (" + minAge.toMillis() + " ms)");
        }
        if (settings.getInt("respaldo.intake.threads", 2) < 1) {
            throw new IllegalArgumentException("respaldo.intake.threads must be at least 1; got "
                    + settings.get("respaldo.intake.threads", ""));
        }
        Inbox inbox = new Inbox(inboxDir);
        InboxReadLock readLock = new InboxReadLock(clock, minAge, maxSettle);
        ScheduleIntake intake = new ScheduleIntake(new ScheduleFile(maxBytes), validator, registry, clock, maxBytes,
                lazyCheck, new ScheduleOverlaps(clock), inbox, minAge, maxSettle);
        RunStore runStore = new RunStore(database.dataSource(), node);
        RunReports reports = new RunReports(dataDir.resolve("reports"), runStore);
        Outbox outbox = new Outbox(database.dataSource(), clock);
        String jnu = System.getProperty("sun.jnu.encoding", "");
        if (!jnu.equalsIgnoreCase("UTF-8")) {
            LOG.warn("File names are read as {} (the process's locale), not UTF-8: inbox files whose names have accents or ñ"
                    + " cannot be read. Start Respaldo with a UTF-8 locale (for example LANG=C.UTF-8).", jnu);
        }

        var beans = context.getRegistry();
        beans.bind("settings", settings);
        beans.bind("nodeName", node);
        beans.bind("database", database);
        beans.bind("dataSource", database.dataSource());
        beans.bind("scheduleStore", store);
        beans.bind("scheduleRegistry", registry);
        beans.bind("scheduleIntake", intake);
        beans.bind("inboxReadLock", readLock);
        InboxClaims claims = null;
        if (clustered) {
            // the shared inbox: a file is claimed in the database (camel-sql) before it is read; a dead node's claim expires
            org.respaldo.schedule.InboxClaimRepository repo = new org.respaldo.schedule.InboxClaimRepository(database.dataSource(),
                    "respaldo-inbox", context, "postgresql".equals(database.vendor()));
            repo.setCreateTableIfNotExists(false);
            Duration ttl = settings.duration("respaldo.cluster.inbox-claim-ttl", Duration.ofMinutes(1));
            repo.setLockMaxAgeMillis(ttl.toMillis());
            repo.setLockKeepAliveIntervalMillis(Math.max(1000, ttl.toMillis() / 4));
            context.addService(repo, true, true);
            claims = new InboxClaims(readLock, repo);
        }
        beans.bind("inboxProcessStrategy", new InboxProcessStrategy(inbox, readLock, claims));
        beans.bind("inboxFilter", new InboxFilter(inbox, clock));
        beans.bind("inboxInProgress", new InboxInProgress());
        beans.bind("scheduleApi", new ScheduleApi(registry, clock));
        beans.bind("scheduleHealthCheck", new ScheduleHealthCheck(registry));
        beans.bind("apiErrors", new ApiErrors());
        beans.bind("runStore", runStore);
        beans.bind("runReports", reports);
        beans.bind("outbox", outbox);
        beans.bind("runApi", new RunApi(runStore));
        beans.bind("firesApi", new org.respaldo.web.FiresApi(registry, runStore, clock,
                settings.duration("respaldo.schedule.misfire-threshold", Duration.ofMinutes(1))));
        beans.bind("clusterApi", new org.respaldo.web.ClusterApi(runStore, node,
                settings.duration("respaldo.cluster.failover-after", Duration.ofMinutes(1)), () -> {
                    org.respaldo.run.RunEngine engine = context.getRegistry().lookupByNameAndType("runEngine",
                            org.respaldo.run.RunEngine.class);
                    return engine == null ? 0 : engine.clockOffsetMillis();
                }));
        beans.bind("mailApi", new MailApi(outbox));
        org.respaldo.audit.AuditTrail audit = new org.respaldo.audit.AuditTrail(database.dataSource(), clock);
        beans.bind("auditTrail", audit);
        beans.bind("auditApi", new org.respaldo.web.AuditApi(audit));
        beans.bind("consoleActions", new org.respaldo.web.ConsoleActions(registry, runStore,
                () -> context.getRegistry().lookupByNameAndType("runEngine", org.respaldo.run.RunEngine.class), audit, inboxDir, clock,
                intake));

        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                // before the routes start: the inbox must find every schedule in place
                triggers.attach(quartz.getScheduler());
                registry.load();
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                org.respaldo.web.HttpErrors.install(ctx);
                Scheduler scheduler = quartz.getScheduler();
                if (!scheduler.isStarted()) {
                    scheduler.start();
                }
            }
        });
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    // Quartz stops first, while the routes that record fires still run: a fire it has already taken
                    // (it takes each one ahead of its time) and a misfire its handler is reporting are recorded, and
                    // nothing reaches a stopped route (where it would wait 30 s for a consumer and be lost). Fires
                    // due from now on are Quartz's misfires at the next start. (Standby alone still fired a taken
                    // trigger and left the misfire handler running.)
                    Scheduler scheduler = quartz.getScheduler();
                    if (scheduler != null && !scheduler.isShutdown()) {
                        scheduler.shutdown(true);
                        LOG.info("Quartz stopped: no new fires; those due while Respaldo is down are handled at the next start");
                    }
                }
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        }, true, true);
    }
}
