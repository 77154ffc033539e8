package org.respaldo.run;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.respaldo.availability.AvailabilityCheck;
import org.respaldo.config.Settings;
import org.respaldo.notify.MailComposer;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.storage.StoragePathCheck;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.LoggerFactory;

/**
 * Builds the run pipeline (bean {@code runPipeline}) from the schedule registry, the run
 * store and the Veeam servers. Listed after RespaldoConfiguration and VeeamConfiguration.
 */
@Configuration
public class RunConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        ScheduleRegistry schedules = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        RunStore store = beans.lookupByNameAndType("runStore", RunStore.class);
        VeeamServers veeam = beans.lookupByNameAndType("veeamServers", VeeamServers.class);
        if (schedules == null || store == null || veeam == null) {
            throw new IllegalStateException("RunConfiguration must be listed after RespaldoConfiguration and VeeamConfiguration"
                    + " in camel.main.configuration-classes");
        }
        Clock clock = Clock.systemUTC();
        List<String> interrupted = store.closeInterrupted(clock.instant(),
                "interrumpida: Respaldo se detuvo durante la ejecución; revise en Veeam los trabajos de esta ejecución"
                        + " / interrupted: Respaldo stopped during the run; check this run's jobs in Veeam");
        if (!interrupted.isEmpty()) {
            LoggerFactory.getLogger(RunConfiguration.class).warn(
                    "{} run(s) left unfinished by the previous process were closed as FAILED: {}", interrupted.size(), interrupted);
        }
        ExecutorService jobs = context.getExecutorServiceManager().newCachedThreadPool(this, "respaldo-run-jobs");
        int maxParallel = settings.getInt("respaldo.run.max-parallel-jobs", 4);
        BackupExecution backup = new BackupExecution(veeam, store, jobs, clock, maxParallel,
                Duration.ofSeconds(settings.getLong("respaldo.run.stop-grace-seconds", 120)));
        AvailabilityCheck availability = new AvailabilityCheck(store, veeam, clock,
                Duration.ofMillis(settings.getLong("respaldo.run.queue-poll-ms", 1000)));
        RunPipeline pipeline = new RunPipeline(schedules, store, availability, new StoragePathCheck(), backup,
                settings.dataDir().toAbsolutePath().normalize().resolve("reports"), clock);
        beans.bind("runPipeline", pipeline);
        beans.bind("runMails", new RunMails(new MailComposer(), pipeline));
    }
}
