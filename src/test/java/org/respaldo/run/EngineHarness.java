package org.respaldo.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.impl.DefaultCamelContext;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.respaldo.notify.MailComposer;
import org.respaldo.notify.RunMails;
import org.respaldo.outbox.Outbox;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleFile;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleStore;
import org.respaldo.schedule.ScheduleTriggers;
import org.respaldo.schedule.ScheduleValidator;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.store.Database;
import org.respaldo.testing.HandClock;
import org.respaldo.time.Backoff;
import org.respaldo.time.Timer;
import org.respaldo.veeam.VeeamServers;

/**
 * The run engine with its real parts (H2, the store, the outbox, the mail composer, the Veeam
 * client over HTTPS to a real simulator) and time injected: a clock the test moves and a timer
 * that runs what is due when it is moved, on the test's thread. A retry 15 minutes away, or a
 * Veeam outage of a quarter of an hour, takes milliseconds.
 */
final class EngineHarness implements AutoCloseable {

    static final ZoneId GT = ZoneId.of("America/Guatemala");

    final HandClock clock;
    final ManualTimer timer;
    final QueueExecutor workers = new QueueExecutor();
    final Database db;
    final ScheduleRegistry registry;
    final RunStore runs;
    final Outbox outbox;
    final RunEngine engine;
    final DefaultCamelContext camel;
    final Scheduler quartz;
    final VeeamSimulator sim;

    EngineHarness(Path dir, VeeamSimulator sim, Instant start, Duration veeamWait) throws Exception {
        this.sim = sim;
        this.clock = new HandClock(start);
        this.timer = new ManualTimer(clock);
        db = Database.open("", "", "", dir, 8);
        ScheduleStore scheduleStore = new ScheduleStore(db.dataSource());
        ScheduleValidator validator = new ScheduleValidator(new ScheduleValidator.Rules(GT, List.of("principal"), clock));
        registry = new ScheduleRegistry(scheduleStore, validator, clock);
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "engine-harness-" + System.nanoTime());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        quartz = new StdSchedulerFactory(p).getScheduler(); // never started: the test fires by hand
        ScheduleTriggers triggers = new ScheduleTriggers(f -> {
        }, m -> {
        }, registry::version, registry::activeVersion, clock);
        triggers.attach(quartz);
        registry.triggers(triggers);
        runs = new RunStore(db.dataSource());
        outbox = new Outbox(db.dataSource(), clock);
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("respaldo.profile", "test");
        props.setProperty("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.setProperty("respaldo.veeam.principal.username", "respaldo");
        props.setProperty("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.setProperty("respaldo.veeam.principal.poll-interval-ms", "1000");
        props.setProperty("respaldo.veeam.retry-attempts", "1");
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.start();
        VeeamServers veeam = VeeamServers.fromContext(camel, "test");
        RunEngine.Settings cfg = new RunEngine.Settings("nodo-prueba", "localhost", 1, 4, Duration.ofSeconds(120), veeamWait,
                new Backoff(Duration.ofSeconds(15), Duration.ofMinutes(2), 0), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1), "test");
        engine = new RunEngine(cfg, runs, registry, veeam, new RunMails(new MailComposer()),
                new RunReports(dir.resolve("reports"), runs), clock, timer, workers);
        engine.start();
        settle();
    }

    /** Registers a schedule file's content as a new version. */
    void accept(String yaml) {
        ScheduleFile.Parsed parsed = new ScheduleFile(262_144).parse("prueba.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        if (!parsed.ok()) {
            throw new AssertionError(parsed.problems());
        }
        ScheduleValidator.Result r = new ScheduleValidator(new ScheduleValidator.Rules(GT, List.of("principal"), clock))
                .validate(parsed.tree());
        if (!r.problems().isEmpty()) {
            throw new AssertionError(r.problems());
        }
        registry.accept(r.schedule(), Integer.toHexString(yaml.hashCode()) + "0".repeat(56), "prueba.yaml", ".accepted/x");
    }

    /** A fire of the schedule's active version, now. */
    String fire(String id) {
        int version = registry.get(id).orElseThrow().version();
        String runId = engine.enqueue(new Fire(id, version, clock.instant(), clock.instant()), Run.Trigger.SCHEDULE).orElseThrow();
        settle();
        return runId;
    }

    Run run(String id) {
        return runs.get(id).orElseThrow();
    }

    /** Runs every step that is due now (and every step those wake), on this thread. */
    void settle() {
        while (workers.runOne() || timer.runDue()) {
            // again
        }
    }

    /**
     * Moves time forward, step by step to each timed task, until {@code done} holds or
     * {@code fakeLimit} of fake time has passed. Real time passes a little between steps, so the
     * simulator's sessions (scaled time) move on too.
     */
    void runUntil(BooleanSupplier done, Duration fakeLimit) throws InterruptedException {
        Instant limit = clock.instant().plus(fakeLimit);
        long realLimit = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > realLimit) {
                throw new AssertionError("gave up after 60 s of real time at fake " + clock.instant());
            }
            settle();
            if (done.getAsBoolean()) {
                return;
            }
            Instant next = timer.next();
            if (next == null || next.isAfter(limit)) {
                throw new AssertionError("nothing more to do before " + limit + " (next timed step: " + next + ")");
            }
            Thread.sleep(5);
            clock.set(next.isAfter(clock.instant()) ? next : clock.instant());
        }
    }

    @Override
    public void close() throws Exception {
        camel.close();
        quartz.shutdown(false);
        db.close();
    }

    /** Timed tasks run when the test's clock reaches them. */
    static final class ManualTimer implements Timer {
        private record Task(Instant at, long seq, Runnable run) {
        }

        private final HandClock clock;
        private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq)
                : a.at.compareTo(b.at));
        private long seq;

        ManualTimer(HandClock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized void at(Instant when, Runnable task) {
            tasks.add(new Task(when, seq++, task));
        }

        synchronized Instant next() {
            return tasks.isEmpty() ? null : tasks.peek().at;
        }

        /** Runs one due task; false when none is due. */
        boolean runDue() {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.at.isAfter(clock.instant())) {
                    return false;
                }
                tasks.poll();
            }
            t.run.run();
            return true;
        }
    }

    /** The workers: a queue the test's thread drains (no step runs behind the test's back). */
    static final class QueueExecutor extends AbstractExecutorService {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private volatile boolean shutdown;

        @Override
        public synchronized void execute(Runnable command) {
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }
            queue.add(command);
        }

        boolean runOne() {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
            }
            if (r == null) {
                return false;
            }
            r.run();
            return true;
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
