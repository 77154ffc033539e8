package org.respaldo.run;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.respaldo.config.Settings;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.time.Backoff;
import org.respaldo.time.ScheduledTimer;
import org.respaldo.veeam.VeeamServers;

/**
 * Builds the run engine (bean {@code runEngine}) from the schedule registry, the run store, the
 * Veeam servers and the run mails (bean {@code runMails}, from the mail room). It starts once the
 * routes are up (it picks up what the previous process left) and stops, letting the steps in
 * progress end, within {@code camel.main.shutdown-timeout}. Listed last in
 * {@code camel.main.configuration-classes}.
 */
@Configuration
public class RunConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        ScheduleRegistry schedules = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        RunStore store = beans.lookupByNameAndType("runStore", RunStore.class);
        RunReports reports = beans.lookupByNameAndType("runReports", RunReports.class);
        VeeamServers veeam = beans.lookupByNameAndType("veeamServers", VeeamServers.class);
        RunNotices notices = beans.lookupByNameAndType("runMails", RunNotices.class);
        if (schedules == null || store == null || veeam == null || notices == null || reports == null) {
            throw new IllegalStateException("RunConfiguration must be listed after RespaldoConfiguration, VeeamConfiguration and"
                    + " NotifyConfiguration in camel.main.configuration-classes");
        }
        // milliseconds: what the databases keep, so that a time read back equals the one written
        Clock clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
        int workers = settings.getInt("respaldo.run.workers", 8);
        ExecutorService pool = context.getExecutorServiceManager().newFixedThreadPool(this, "respaldo-run", workers);
        ScheduledExecutorService timerThread = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "respaldo-run-timer");
        RunEngine.Settings cfg = new RunEngine.Settings(settings.nodeName(), Settings.hostName(), workers,
                settings.getInt("respaldo.run.max-parallel-jobs", 4),
                Duration.ofSeconds(settings.getLong("respaldo.run.stop-grace-seconds", 120)),
                settings.duration("respaldo.run.veeam-wait", Duration.ofMinutes(15)),
                new Backoff(settings.duration("respaldo.run.veeam-retry.initial-delay", Duration.ofSeconds(15)),
                        settings.duration("respaldo.run.veeam-retry.max-delay", Duration.ofMinutes(2)), 0.2),
                settings.duration("respaldo.run.recheck", Duration.ofMinutes(1)),
                settings.duration("respaldo.run.slot-check", Duration.ofSeconds(1)),
                settings.duration("respaldo.cluster.heartbeat", Duration.ofSeconds(10)),
                settings.duration("respaldo.cluster.failover-after", Duration.ofMinutes(1)),
                RunConfiguration.class.getPackage().getImplementationVersion());
        RunEngine engine = new RunEngine(cfg, store, schedules, veeam, notices, reports, clock,
                new ScheduledTimer(timerThread, clock), pool);
        beans.bind("runEngine", engine);
        beans.bind("clockHealthCheck", new ClockHealthCheck(engine));
        Duration grace = Duration.ofSeconds(Math.max(1, settings.getLong("camel.main.shutdown-timeout", 15) - 3));
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // the engine starts once the routes are up
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                engine.start();
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                engine.stop(grace);
                // its pending wake-ups are in the database too: nothing to wait for
                timerThread.shutdownNow();
            }
        }, true, true);
    }
}
