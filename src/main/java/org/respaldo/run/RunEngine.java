package org.respaldo.run;

import static org.respaldo.text.Texts.t;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.respaldo.availability.Availability;
import org.respaldo.availability.VeeamFacts;
import org.respaldo.outbox.Mail;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.storage.StoragePathCheck;
import org.respaldo.store.Jdbc;
import org.respaldo.time.Backoff;
import org.respaldo.time.Timer;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamConfigurationException;
import org.respaldo.veeam.VeeamException;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 2–8 of the procedure as a persisted state machine. A fire is recorded together with its
 * QUEUED run; a bounded pool of workers advances runs one short step at a time (a check, one
 * request to Veeam per job, a transition); between steps a run holds no thread: its next step is
 * put on the {@link Timer} (the next poll, a retry, a wait for Veeam) or waits for an event (a
 * free slot of its Veeam server, the end of an earlier run of its schedule). Every transition is
 * written to the database first, so that a run that was RUNNING when the process stopped (a
 * kill -9 included) resumes at the next start under the same id.
 *
 * <p>Two steps of one run never run at the same time; steps of different runs do.
 */
public final class RunEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    static final DateTimeFormatter ID_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * The engine's settings.
     *
     * @param node           this process's name (runs are owned by a node)
     * @param workers        threads that advance runs
     * @param maxParallel    jobs running at once per Veeam server (all runs, all nodes)
     * @param stopGrace      how long a graceful stop at the deadline may take
     * @param veeamWait      how long an unreachable Veeam is waited for at the start of a run (and for a job's end after the deadline)
     * @param veeamRetry     the pauses between those attempts
     * @param recheck        how often a waiting run looks again by itself (waking is the rule; this is a safety net)
     * @param slotCheck      how often the free slots of each server are counted and handed to the oldest waiting runs
     * @param heartbeat      how often this node checks in
     * @param failoverAfter  a node silent this long has its RUNNING runs taken over
     */
    public record Settings(String node, String host, int workers, int maxParallel, Duration stopGrace, Duration veeamWait,
            Backoff veeamRetry, Duration recheck, Duration slotCheck, Duration heartbeat, Duration failoverAfter, String version) {
    }

    private final Settings cfg;
    private final RunStore store;
    private final ScheduleRegistry schedules;
    private final VeeamServers veeam;
    private final RunNotices notices;
    private final RunReports reports;
    private final Clock clock;
    private final Timer timer;
    private final ExecutorService workers;
    private final JobSteps jobs;
    private final Map<String, RunState> states = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListSet<Waiter>> slotWaiters = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListSet<Waiter>> queueWaiters = new ConcurrentHashMap<>();
    private final java.util.Set<String> slotRows = ConcurrentHashMap.newKeySet();
    private final Instant startedAt;
    private volatile boolean stopping;
    private volatile boolean started;
    private volatile long lastCheckIn;
    private volatile long clockOffsetMillis;
    private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RunEngine(Settings cfg, RunStore store, ScheduleRegistry schedules, VeeamServers veeam, RunNotices notices,
            RunReports reports, Clock clock, Timer timer, ExecutorService workers) {
        this.cfg = cfg;
        this.store = store;
        this.schedules = schedules;
        this.veeam = veeam;
        this.notices = notices;
        this.reports = reports;
        this.clock = clock;
        this.timer = timer;
        this.workers = workers;
        this.jobs = new JobSteps(clock, cfg.stopGrace(), cfg.veeamWait());
        this.startedAt = now();
    }

    /** Hears every run that concludes and every job that ends (metrics); see {@link RunListener}. */
    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    private void tell(java.util.function.Consumer<RunListener> what) {
        for (RunListener l : listeners) {
            try {
                what.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A run listener failed (ignored): {}", e.toString());
            }
        }
    }

    // ================================================================== lifecycle

    /**
     * Checks in, then picks up what the previous process left: RUNNING runs of this node resume
     * (with a recovery stage saying how long they were interrupted), QUEUED runs proceed.
     */
    public void start() {
        Instant now = now();
        Instant previous = checkIn();
        for (String alias : veeam.aliases()) {
            ensureSlotRow(alias);
        }
        List<String> running = store.runningOf(cfg.node());
        for (String id : running) {
            resume(id, previous, now, null);
        }
        takeOverSilentNodes(now);
        int queued = 0;
        for (String id : store.resumable(cfg.node())) {
            if (!states.containsKey(id)) {
                load(id).ifPresent(st -> submit(st.id));
                queued++;
            }
        }
        started = true;
        timer.at(now.plus(cfg.slotCheck()), this::slotCheck);
        if (!running.isEmpty() || queued > 0) {
            LOG.info("Ejecuciones retomadas / runs picked up: {} RUNNING resumed, {} QUEUED", running.size(), queued);
        }
        timer.at(now.plus(cfg.heartbeat()), this::tick);
    }

    /**
     * Stops taking new work and lets the steps in progress end (each is short) within {@code grace};
     * runs stay as stored, RUNNING or QUEUED, for the next start to resume.
     */
    public void stop(Duration grace) {
        stopping = true;
        long active = states.values().stream().filter(s -> s.run.status() == Run.Status.RUNNING).count();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("Some run steps did not end within {} s; their runs resume at the next start", grace.toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (active > 0) {
            LOG.info("Respaldo se detiene: {} ejecución(es) en curso se reanudarán al iniciar / stopping: {} run(s) in progress"
                    + " will resume at the next start", active, active);
        }
    }

    /** Heartbeat, take-over of silent nodes, and queued runs nobody woke (a safety net; waking is the rule). */
    private void tick() {
        if (stopping) {
            return;
        }
        Instant now = now();
        try {
            boolean wasValid = leaseValid();
            checkIn();
            if (!wasValid) {
                letGoOfRunsTakenOver();
            }
            takeOverSilentNodes(now);
            for (String id : store.queuedDue(now.minus(cfg.recheck()), 500)) {
                if (!states.containsKey(id)) {
                    load(id).ifPresent(st -> submit(st.id));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} failed: {}; trying again in {} s", cfg.node(), e.getMessage(), cfg.heartbeat().toSeconds());
        } finally {
            if (!stopping) {
                timer.at(now().plus(cfg.heartbeat()), this::tick);
            }
        }
    }

    /**
     * Every {@code slot-check}: for each Veeam server with runs waiting for a slot, as many of the
     * oldest are woken as the server has free slots (a slot freed on another node, or a wake-up
     * lost to a race, is not waited for until the recheck).
     */
    private void slotCheck() {
        if (stopping) {
            return;
        }
        try {
            for (Map.Entry<String, ConcurrentSkipListSet<Waiter>> e : slotWaiters.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    int free = cfg.maxParallel() - store.slotsInUse(e.getKey());
                    if (free > 0) {
                        slotFreed(e.getKey(), free);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("slot check failed: {}", e.getMessage());
        } finally {
            if (!stopping) {
                timer.at(now().plus(cfg.slotCheck()), this::slotCheck);
            }
        }
    }

    /**
     * This node's heartbeat, written with the database's clock (the one every node shares, so that a
     * node's clock being off does not make it look silent). Returns the previous check-in of this
     * node's name.
     */
    private Instant checkIn() {
        long t0 = System.currentTimeMillis();
        Instant dbNow = store.databaseNow();
        long t1 = System.currentTimeMillis();
        clockOffset(dbNow.toEpochMilli() - (t0 + t1) / 2);
        Instant previous = store.checkIn(cfg.node(), cfg.host(), startedAt, dbNow, cfg.version());
        lastCheckIn = System.nanoTime();
        return previous;
    }

    /**
     * Whether this node may act on its runs: its last heartbeat is younger than half of
     * failover-after. A node that was stopped (a long pause, a network cut) does nothing until it has
     * checked in again and let go of the runs another node took over meanwhile; another node takes
     * over only after a whole failover-after of silence, so two nodes never act on one run.
     */
    boolean leaseValid() {
        return lastCheckIn != 0 && System.nanoTime() - lastCheckIn < cfg.failoverAfter().toNanos() / 2;
    }

    private void letGoOfRunsTakenOver() {
        java.util.Set<String> mine = store.stillOwned(new ArrayList<>(states.keySet()), cfg.node());
        for (String id : new ArrayList<>(states.keySet())) {
            if (!mine.contains(id)) {
                RunState st = states.remove(id);
                if (st != null) {
                    st.finished = true;
                    LOG.warn("Run {} was taken over by another node while this node ({}) was silent; it is left to that node", id,
                            cfg.node());
                }
            }
        }
    }

    /** A clock further than this from the database's is reported (start-up log, health). */
    public static final long CLOCK_TOLERANCE_MILLIS = 1000;

    /** How far this node's clock is from the database's (a cluster's shared time), measured at every heartbeat. */
    private void clockOffset(long offset) {
        boolean wasOff = clockMeasured && Math.abs(clockOffsetMillis) > CLOCK_TOLERANCE_MILLIS;
        boolean off = Math.abs(offset) > CLOCK_TOLERANCE_MILLIS;
        clockOffsetMillis = offset;
        if (off && (!wasOff || !clockMeasured)) {
            LOG.warn("El reloj de este nodo ({}) difiere {} ms del de la base de datos / this node's clock is {} ms off the"
                    + " database's: fix its time synchronisation (NTP). Fires still run once; heartbeats use the database's clock.",
                    cfg.node(), offset, offset);
        } else if (!off && wasOff) {
            LOG.info("El reloj de este nodo ({}) coincide otra vez con el de la base de datos / this node's clock agrees with the"
                    + " database's again ({} ms)", cfg.node(), offset);
        }
        clockMeasured = true;
    }

    private volatile boolean clockMeasured;

    /** This node's clock offset from the database's, in milliseconds (database minus node), as last measured. */
    public long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    /** RUNNING runs of nodes that have been silent longer than failover-after are resumed here. */
    private void takeOverSilentNodes(Instant now) {
        if (!leaseValid()) {
            return;
        }
        for (RunStore.NodeCheckin silent : store.silentNodes(store.databaseNow().minus(cfg.failoverAfter()))) {
            if (silent.node().equals(cfg.node())) {
                continue;
            }
            for (String id : store.runningOf(silent.node())) {
                if (store.adopt(id, silent.node(), cfg.node())) {
                    LOG.warn("Run {} of the silent node {} (last check-in {}) is taken over by {}", id, silent.node(),
                            silent.lastCheckin(), cfg.node());
                    resume(id, silent.lastCheckin(), now, silent.node());
                }
            }
        }
    }

    private void resume(String id, Instant lastSeen, Instant now, String fromNode) {
        Optional<RunState> loaded = load(id);
        if (loaded.isEmpty()) {
            return;
        }
        RunState st = loaded.get();
        long seconds = lastSeen == null ? 0 : Math.max(0, Duration.between(lastSeen, now).toSeconds());
        String lang = lang(st);
        String detail = fromNode == null
                ? t(lang, "reanudada tras unos " + seconds + " s de interrupción (Respaldo se detuvo durante la ejecución)",
                        "resumed after about " + seconds + " s of interruption (Respaldo stopped during the run)")
                : t(lang, "retomada por el nodo " + cfg.node() + " tras " + seconds + " s sin noticias del nodo " + fromNode,
                        "taken over by node " + cfg.node() + " after " + seconds + " s without news from node " + fromNode);
        Run.Stage recovery = new Run.Stage("recovery", lastSeen == null ? now : lastSeen, now, "RESUMED", detail);
        try {
            store.saveStage(id, st.stages.size(), recovery);
            st.stages.add(recovery);
        } catch (RuntimeException e) {
            LOG.warn("Run {}: the recovery stage could not be recorded: {}", id, e.getMessage());
        }
        LOG.warn("Run {} of {} resumed: {}", id, st.run.scheduleId(), detail);
        submit(id);
    }

    // ================================================================== entry points

    /** A trigger fired: its fire and its QUEUED run are recorded in one transaction, then it is woken. */
    public boolean fired(Fire fire) {
        return enqueue(fire, Run.Trigger.SCHEDULE).isPresent();
    }

    /** Records a fire with its QUEUED run; empty when the fire time was recorded before (it never runs twice). */
    public Optional<String> enqueue(Fire fire, Run.Trigger trigger) {
        return enqueue(fire, trigger, null);
    }

    /**
     * A run asked for by hand (trigger manual or rerun) of the schedule's version in force, now: the same pipeline
     * as a fire (availability, instructions, storage, backup, mails, history). Empty when the schedule is unknown.
     */
    public Optional<String> request(String scheduleId, int version, Run.Trigger trigger, RunStore.Request request) {
        Instant now = now();
        return enqueue(new Fire(scheduleId, version, now, now), trigger, request);
    }

    private Optional<String> enqueue(Fire fire, Run.Trigger trigger, RunStore.Request request) {
        Schedule s = schedules.version(fire.scheduleId(), fire.scheduleVersion());
        if (s == null) {
            LOG.error("Fire of {} v{} at {}: the schedule version is unknown; no run created", fire.scheduleId(),
                    fire.scheduleVersion(), fire.scheduledFireTime());
            return Optional.empty();
        }
        Instant now = now();
        String id = newId(now);
        RunStore.NewRun run = new RunStore.NewRun(id, s.id(), fire.scheduleVersion(), trigger, millis(fire.scheduledFireTime()),
                millis(fire.actualFireTime()), RunWindow.end(s, fire.scheduledFireTime()), target(s));
        if (!store.enqueue(run, now, request)) {
            LOG.warn("Schedule {} fire time {} was already recorded; not running it again", s.id(), fire.scheduledFireTime());
            return Optional.empty();
        }
        LOG.info("Schedule {} v{} fired (scheduled {}, {}): run {} QUEUED", s.id(), fire.scheduleVersion(),
                fire.scheduledFireTime(), trigger.json(), id);
        reports.writeQuietly(id);
        if (started && !stopping) {
            load(id).ifPresent(st -> submit(id));
        }
        return Optional.of(id);
    }

    /**
     * Fires Quartz could not deliver in time. With {@code misfire: run} the latest runs once, late
     * (trigger {@code missed}), if its window is still open; every other one is recorded as a run
     * with result MISSED, and the Director and the technicians are mailed.
     */
    public void missed(String scheduleId, int version, List<Instant> fireTimes) {
        Schedule s = schedules.version(scheduleId, version);
        if (s == null) {
            LOG.error("Missed fires of unknown schedule {} v{}: {}", scheduleId, version, fireTimes);
            return;
        }
        Instant now = now();
        List<Instant> times = fireTimes.stream().map(RunEngine::millis).distinct().sorted()
                .filter(t -> !store.fireRecorded(scheduleId, t)).toList();
        if (times.isEmpty()) {
            return;
        }
        Instant latest = times.get(times.size() - 1);
        boolean late = s.misfire() == Schedule.Misfire.RUN && now.isBefore(RunWindow.end(s, latest));
        for (Instant t : times) {
            if (late && t.equals(latest)) {
                continue;
            }
            recordMissed(s, version, t, now);
        }
        if (late) {
            LOG.warn("Schedule {}: the fire of {} was missed and its window is still open: it runs now (misfire: run)", scheduleId,
                    latest);
            enqueue(new Fire(scheduleId, version, latest, now), Run.Trigger.MISSED);
        }
    }

    private void recordMissed(Schedule s, int version, Instant fireTime, Instant now) {
        String lang = s.notification().language();
        ZonedDateTime local = fireTime.atZone(s.timezone());
        String why = s.misfire() == Schedule.Misfire.SKIP
                ? t(lang, "Respaldo no pudo disparar la ejecución a su hora (" + local.toLocalDateTime() + ", " + s.timezone()
                        + "): estaba detenido o atrasado más que el umbral de disparo perdido; misfire: skip no la ejecuta tarde",
                        "Respaldo could not fire the run on time (" + local.toLocalDateTime() + ", " + s.timezone()
                        + "): it was down or late by more than the misfire threshold; misfire: skip does not run it late")
                : t(lang, "Respaldo no pudo disparar la ejecución a su hora (" + local.toLocalDateTime() + ", " + s.timezone()
                        + ") y su ventana ya había cerrado (o hubo un disparo perdido más reciente)",
                        "Respaldo could not fire the run on time (" + local.toLocalDateTime() + ", " + s.timezone()
                        + ") and its window had closed (or a later fire was missed too)");
        String id = newId(now);
        RunStore.NewRun nr = new RunStore.NewRun(id, s.id(), version, Run.Trigger.SCHEDULE, fireTime, now,
                RunWindow.end(s, fireTime), target(s));
        Run run = new Run(id, s.id(), version, Run.Trigger.SCHEDULE, fireTime, now, null, now, nr.deadline(), Run.Status.NOTIFYING,
                Run.Result.MISSED, List.of(why), null, null, nr.target(), List.of(), List.of());
        Mail mail = notices.missed(s, run, nextFire(s));
        if (store.recordMissed(nr, List.of(why), now, List.of(new RunStore.Notice(mail, true)))) {
            LOG.warn("Run {} of {}: fire of {} MISSED ({})", id, s.id(), fireTime, why);
            tell(l -> l.runConcluded(run));
            reports.writeQuietly(id);
        }
    }

    /** Looks at a run again now (a wake-up from an event, or an API). */
    public void wake(String runId) {
        if (states.containsKey(runId)) {
            submit(runId);
        } else {
            load(runId).ifPresent(st -> submit(runId));
        }
    }

    /** How many runs this node is working on (QUEUED or RUNNING). */
    public int active() {
        return states.size();
    }

    public String node() {
        return cfg.node();
    }

    // ================================================================== scheduling of steps

    private void submit(String runId) {
        if (stopping) {
            return;
        }
        try {
            workers.execute(() -> advance(runId));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void wakeAt(RunState st, Instant at) {
        if (stopping || at == null) {
            return;
        }
        synchronized (st) {
            if (st.timerAt != null && !st.timerAt.isAfter(at) && st.timerAt.isAfter(now().minusSeconds(1))) {
                return;
            }
            st.timerAt = at;
        }
        timer.at(at, () -> {
            synchronized (st) {
                if (at.equals(st.timerAt)) {
                    st.timerAt = null;
                }
            }
            submit(st.id);
        });
    }

    /** One or more steps of a run, never two at once for one run (a drain loop: wakes during a step run it again). */
    private void advance(String runId) {
        RunState st = states.get(runId);
        if (st == null || st.wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Instant next = null;
            try {
                if (!stopping) {
                    next = step(st);
                }
            } catch (RunStore.LostRunException e) {
                LOG.warn("Run {}: {}; this node lets it go", runId, e.getMessage());
                st.finished = true;
            } catch (RuntimeException e) {
                next = failure(st, e);
            }
            if (st.finished) {
                states.remove(runId);
                return;
            }
            wakeAt(st, next);
            missed = st.wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** What to do after a step threw: end the run FAILED (outside the backup), or try again later (a database outage). */
    private Instant failure(RunState st, RuntimeException e) {
        st.errors++;
        Instant retry = now().plus(Backoff.of(Duration.ofSeconds(1), Duration.ofMinutes(1)).delay(st.errors));
        if (e instanceof Jdbc.DataException) {
            LOG.warn("Run {}: the database refused a write ({}); trying again at {}", st.id, e.getMessage(), retry);
            if (st.failure == null && st.run.status() == Run.Status.RUNNING && !"backup".equals(st.step)) {
                st.failure = stageFailure(st, e);
            }
            return retry;
        }
        LOG.error("Run {}: the {} stage failed: {}", st.id, st.step, e.toString(), e);
        if ("backup".equals(st.step)) {
            return retry;
        }
        st.failure = stageFailure(st, e);
        return now();
    }

    private String stageFailure(RunState st, RuntimeException e) {
        String lang = lang(st);
        String stage = st.step == null ? "queue" : st.step;
        return t(lang, "la etapa «" + stage + "» falló: " + e.getMessage(), "the " + stage + " stage failed: " + e.getMessage());
    }

    // ================================================================== the steps

    private Instant step(RunState st) {
        if (!leaseValid()) {
            return now().plusSeconds(1); // not this node's turn until it has checked in again
        }
        if (st.failure != null) {
            return end(st, Run.Result.FAILED, List.of(st.failure), new ArrayList<>());
        }
        return switch (st.run.status()) {
            case QUEUED -> queued(st);
            case RUNNING -> "backup".equals(st.step) ? backup(st) : availability(st);
            default -> {
                st.finished = true;
                yield null;
            }
        };
    }

    /** QUEUED: waits for earlier runs of the schedule (overlap: queue), then takes the run (RUNNING). */
    private Instant queued(RunState st) {
        Schedule s = st.schedule;
        Instant now = now();
        if (s.overlap() == Schedule.Overlap.QUEUE && now.isBefore(st.run.deadline())) {
            List<String> earlier = store.activeBefore(s.id(), st.run.queuedAt(), st.id);
            if (!earlier.isEmpty()) {
                if (st.loggedWait++ == 0) {
                    LOG.info("Run {} of {} waits for the previous run {} to end (overlap: queue)", st.id, s.id(), earlier);
                }
                queueWaiters.computeIfAbsent(s.id(), k -> new ConcurrentSkipListSet<>()).add(st.waiter());
                return min(st.run.deadline(), now.plus(cfg.recheck()));
            }
        }
        Instant deadline = RunWindow.deadline(s, st.run.scheduledFireTime(), now);
        if (!store.claim(st.id, cfg.node(), now, deadline)) {
            LOG.info("Run {} was taken by another node", st.id);
            st.finished = true;
            return null;
        }
        st.step = "availability";
        st.veeamWaits = 0;
        reload(st);
        LOG.info("Run {} of {} v{} RUNNING ({}); deadline {}", st.id, s.id(), st.run.scheduleVersion(), st.run.trigger().json(),
                st.run.deadline());
        reports.writeQuietly(st.id);
        return availability(st);
    }

    /** Steps 2, 3 and 5: availability, the technicians' instructions, the storage path; then the jobs. */
    private Instant availability(RunState st) {
        Schedule s = st.schedule;
        String lang = s.notification().language();
        Instant start = now();
        VeeamFacts facts = null;
        String problem = null;
        boolean transientProblem = false;
        boolean loginRefused = false;
        try {
            VeeamClient client = veeam.client(s.veeam().server());
            facts = VeeamFacts.gather(client, s);
        } catch (VeeamConfigurationException e) {
            problem = t(lang, "no está configurado: ", "is not configured: ") + e.getMessage();
        } catch (org.respaldo.veeam.VeeamAuthenticationException e) {
            // said as what it is: the server answered and refused the login (tried again: a password may be fixed)
            problem = t(lang, "rechaza el inicio de sesión: ", "refuses the login: ") + e.getMessage();
            transientProblem = true;
            loginRefused = true;
        } catch (VeeamException e) {
            problem = t(lang, "no responde: ", "does not answer: ") + e.getMessage();
            transientProblem = true;
        }
        if (facts == null && transientProblem) {
            Instant giveUp = min(st.run.startedAt().plus(cfg.veeamWait()), st.run.deadline());
            Instant retryAt = start.plus(cfg.veeamRetry().delay(st.veeamWaits + 1));
            if (retryAt.isBefore(giveUp)) {
                st.veeamWaits++;
                Run.Stage waiting = new Run.Stage("availability", st.run.startedAt(), null, "WAITING", t(lang,
                        "Veeam " + problem + " (intento " + st.veeamWaits + "); nuevo intento a las "
                                + CLOCK.format(retryAt.atZone(s.timezone())),
                        "Veeam " + problem + " (attempt " + st.veeamWaits + "); next attempt at "
                                + CLOCK.format(retryAt.atZone(s.timezone()))));
                saveStage(st, "availability", waiting);
                store.progress(st.id, "availability", retryAt, st.veeamWaits);
                LOG.warn("Run {} of {}: Veeam server '{}' {} ({}); trying again at {} (until {})", st.id, s.id(),
                        s.veeam().server(), loginRefused ? "refuses the login" : "does not answer", problem, retryAt, giveUp);
                return retryAt;
            }
        }
        List<String> earlier = store.activeBefore(s.id(), st.run.queuedAt(), st.id);
        List<String> reasons = Availability.reasons(new Availability.Inputs(s, start, st.run.deadline(), earlier, facts, problem,
                store.successfulDurations(s.id(), Availability.HISTORY)));
        List<Run.Stage> stages = new ArrayList<>(st.stages);
        stages.removeIf(x -> x.name().equals("availability"));
        if (!reasons.isEmpty()) {
            stages.add(0, new Run.Stage("availability", st.run.startedAt(), now(), "SKIPPED", String.join("; ", reasons)));
            LOG.warn("Run {} of {} skipped: {}", st.id, s.id(), reasons);
            return end(st, Run.Result.SKIPPED, reasons, stages);
        }
        String noJobs = Availability.noJobs(s, facts);
        if (noJobs != null) {
            stages.add(0, new Run.Stage("availability", st.run.startedAt(), now(), "FAILED", noJobs));
            LOG.error("Run {} of {} failed: {}", st.id, s.id(), noJobs);
            return end(st, Run.Result.FAILED, List.of(noJobs), stages);
        }
        stages.add(0, new Run.Stage("availability", st.run.startedAt(), now(), "OK", facts.jobs().size() + " job(s)"));
        // step 3: the instructions to the technicians
        Run snapshot = snapshot(st, stages, List.of());
        Optional<Mail> started = notices.started(s, snapshot);
        stages.add(new Run.Stage("instructions", now(), now(), started.isPresent() ? "NOTIFIED" : "NONE", started.isPresent()
                ? String.join(", ", started.get().to()) : t(lang, "sin técnicos que notificar", "no technicians to notify")));
        List<RunStore.Notice> mails = new ArrayList<>();
        started.ifPresent(m -> mails.add(new RunStore.Notice(m, false)));
        // step 5: the storage path
        List<String> problems = StoragePathCheck.problems(s, facts.repository(s.storage().repository()), facts.repositories(),
                facts.jobs());
        if (!problems.isEmpty()) {
            stages.add(new Run.Stage("storage", now(), now(), "FAILED", String.join("; ", problems)));
            LOG.error("Run {} of {} failed at the storage path check: {}", st.id, s.id(), problems);
            st.extraNotices.addAll(mails);
            return end(st, Run.Result.FAILED, problems, stages);
        }
        stages.add(new Run.Stage("storage", now(), now(), "OK", s.storage().repository() + " " + s.storage().path()));
        stages.add(new Run.Stage("backup", now(), null, "RUNNING", null));
        // a rerun: only the failed jobs of the run it repeats (still in Veeam)
        java.util.Set<String> only = st.run.trigger() == Run.Trigger.RERUN ? store.request(st.id).map(RunStore.Request::jobs)
                .map(java.util.Set::copyOf).orElse(null) : null;
        List<Run.Job> pending = facts.jobs().stream().filter(j -> only == null || only.contains(j.name()))
                .map(j -> Run.Job.pending(j.name(), j.id(), s.veeam().server())).toList();
        if (pending.isEmpty()) {
            String gone = t(lang, "ninguno de los trabajos a reintentar existe ya en Veeam: " + only,
                    "none of the jobs to rerun is in Veeam any more: " + only);
            stages.removeIf(x -> x.name().equals("backup"));
            stages.add(new Run.Stage("backup", now(), now(), "FAILED", gone));
            st.extraNotices.addAll(mails);
            return end(st, Run.Result.FAILED, List.of(gone), stages);
        }
        ensureSlotRow(s.veeam().server());
        store.beginBackup(st.id, stages, pending, now(), mails);
        st.step = "backup";
        st.stages.clear();
        st.stages.addAll(stages);
        st.jobs.clear();
        st.jobs.addAll(pending);
        return backup(st);
    }

    /** Step 6: every job one action further (start, poll, stop, read its end); the run ends when all are done. */
    private Instant backup(RunState st) {
        Schedule s = st.schedule;
        String server = s.veeam().server();
        VeeamClient client = veeam.client(server);
        flushEvents(st);
        Instant next = null;
        boolean slotsLeft = true;
        boolean waitsForSlot = false;
        for (int i = 0; i < st.jobs.size() && !stopping; i++) {
            Run.Job job = st.jobs.get(i);
            Run.Job after = job;
            Instant now = now();
            switch (job.state()) {
                case DONE -> {
                    continue;
                }
                case PENDING, RETRY_WAIT -> {
                    if (job.nextAt() != null && job.nextAt().isAfter(now)) {
                        next = min(next, job.nextAt());
                        continue;
                    }
                    if (!now.isBefore(st.run.deadline())) {
                        after = jobs.tooLate(s, job);
                    } else if (!slotsLeft) {
                        waitsForSlot = true;
                        continue;
                    } else if (takeSlot(st, server, i, now)) {
                        Run.Job starting = new Run.Job(job.name(), job.jobId(), job.server(), Run.JobState.STARTING, job.sessionId(),
                                job.result(), job.startedAt(), job.endedAt(), job.attempts() + 1, job.message(), job.logRecords(), now,
                                null, null, job.failures(), job.unreachableSince(), job.sessionState(), job.progress());
                        st.jobs.set(i, starting);
                        after = guarded(st, starting, () -> jobs.start(client, s, starting, st.events));
                        job = starting;
                    } else {
                        slotsLeft = false;
                        waitsForSlot = true;
                        continue;
                    }
                }
                case STARTING -> {
                    Run.Job current = job;
                    after = guarded(st, job, () -> jobs.resolveStart(client, s, current, st.events));
                }
                case RUNNING, STOPPING, FINISHING -> {
                    if (job.nextAt() != null && job.nextAt().isAfter(now)) {
                        next = min(next, job.nextAt());
                        continue;
                    }
                    Run.Job current = job;
                    after = guarded(st, job, () -> current.state() == Run.JobState.FINISHING
                            ? jobs.finish(client, s, current, st.run.deadline())
                            : jobs.poll(client, s, current, st.run.deadline(), st.events));
                }
                default -> {
                }
            }
            st.jobs.set(i, after);
            if (!sameButWhen(job, after) || st.dirty.contains(i)) {
                saveJob(st, i, after);
            }
            if (job.state().holdsSlot() && !after.state().holdsSlot()) {
                slotFreed(server, 1);
            }
            if (after.state() != Run.JobState.DONE) {
                next = min(next, after.nextAt() == null ? now() : after.nextAt());
            } else {
                int done = (int) st.jobs.stream().filter(j -> j.state() == Run.JobState.DONE).count();
                LOG.info("Run {}: job {} {} — {}/{} jobs finished ({}%)", st.id, after.name(), after.result(), done, st.jobs.size(),
                        done * 100 / st.jobs.size());
                Run.Job ended = after;
                tell(l -> l.jobEnded(st.run, ended));
            }
        }
        flushEvents(st);
        retryDirty(st);
        if (st.jobs.stream().allMatch(j -> j.state() == Run.JobState.DONE) && st.dirty.isEmpty()) {
            List<Run.Stage> stages = new ArrayList<>(st.stages);
            Run.Result result = outcome(st.jobs);
            long ok = st.jobs.stream().filter(j -> j.result() == Run.JobResult.SUCCESS).count();
            for (int i = 0; i < stages.size(); i++) {
                Run.Stage x = stages.get(i);
                if (x.name().equals("backup") && x.endedAt() == null) {
                    stages.set(i, new Run.Stage("backup", x.startedAt(), now(), result.name(), ok + "/" + st.jobs.size() + " SUCCESS"));
                }
            }
            List<String> reasons = new ArrayList<>();
            long unknown = st.jobs.stream().filter(j -> j.result() == Run.JobResult.UNKNOWN).count();
            if (unknown > 0) {
                reasons.add(t(lang(st), unknown + " trabajo(s) en estado desconocido: Veeam no respondió; verifique en Veeam",
                        unknown + " job(s) in an unknown state: Veeam did not answer; check in Veeam"));
            }
            return end(st, result, reasons, stages);
        }
        if (!st.dirty.isEmpty()) {
            next = min(next, now().plusSeconds(1));
        }
        if (waitsForSlot) {
            slotWaiters.computeIfAbsent(server, k -> new ConcurrentSkipListSet<>()).add(st.waiter());
            next = min(next, now().plus(cfg.recheck()));
        }
        return next;
    }

    /**
     * Steps 7–8: the result, the report, and the Director's mail in the outbox, with NOTIFYING, in
     * one transaction. A report that cannot be written fails the run (the Director is told why).
     */
    private Instant end(RunState st, Run.Result result, List<String> reasons, List<Run.Stage> stages) {
        Schedule s = st.schedule;
        Instant now = now();
        List<String> why = new ArrayList<>(reasons);
        Run.Result r = result;
        if (st.failure != null && stages.stream().noneMatch(x -> "FAILED".equals(x.outcome()))) {
            stages.add(new Run.Stage(st.step == null ? "queue" : st.step, now, now, "FAILED", st.failure));
        }
        try {
            reports.write(st.id);
        } catch (IOException | RuntimeException e) {
            String lang = s.notification().language();
            why.add(t(lang, "la etapa «conclusión» falló: no se pudo escribir el informe en " + reports.file(s.id(), st.id) + ": "
                    + e.getMessage(), "the conclusion stage failed: the report could not be written to "
                    + reports.file(s.id(), st.id) + ": " + e.getMessage()));
            r = Run.Result.FAILED;
        }
        stages.add(new Run.Stage("conclusion", now, now, r.name(), "reports/" + s.id() + "/" + st.id + ".json"));
        Run finished = new Run(st.id, st.run.scheduleId(), st.run.scheduleVersion(), st.run.trigger(), st.run.scheduledFireTime(),
                st.run.queuedAt(), st.run.startedAt(), now, st.run.deadline(), Run.Status.NOTIFYING, r, why, st.run.node(), null,
                st.run.target(), stages, List.copyOf(st.jobs));
        Mail mail = notices.concluded(s, finished, nextFire(s), RunJson.report(finished));
        List<RunStore.Notice> mails = new ArrayList<>(st.extraNotices);
        mails.add(new RunStore.Notice(mail, true));
        store.finishWithStages(st.id, now, r, why, stages, mails);
        st.finished = true;
        st.extraNotices.clear();
        LOG.info("Run {} of {}: {} ({} job(s)); the Director's mail is in the outbox", st.id, s.id(), r, st.jobs.size());
        tell(l -> l.runConcluded(finished));
        reports.writeQuietly(st.id);
        wakeQueued(s.id());
        return null;
    }

    // ================================================================== helpers

    /**
     * One action on a job; an unexpected error (not the database: that is retried) ends the job
     * with the error as its message — UNKNOWN when it has a session that may still run in Veeam.
     */
    private Run.Job guarded(RunState st, Run.Job job, java.util.function.Supplier<Run.Job> action) {
        try {
            return action.get();
        } catch (Jdbc.DataException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Run {}: job {}: unexpected error: {}", st.id, job.name(), e.toString(), e);
            String lang = lang(st);
            String msg = t(lang, "error inesperado de Respaldo: " + e.getMessage(), "unexpected Respaldo error: " + e.getMessage());
            return job.done(job.sessionId() == null ? Run.JobResult.FAILED : Run.JobResult.UNKNOWN, now(), msg, job.logRecords());
        }
    }

    private boolean takeSlot(RunState st, String server, int seq, Instant now) {
        return store.takeSlot(server, cfg.maxParallel(), st.id, seq, now);
    }

    private void ensureSlotRow(String server) {
        if (slotRows.add(server)) {
            try {
                store.ensureSlotRow(server);
            } catch (RuntimeException e) {
                slotRows.remove(server);
                throw e;
            }
        }
    }

    /** A slot of the server was given back: the oldest runs waiting for one are woken. */
    private void slotFreed(String server, int n) {
        ConcurrentSkipListSet<Waiter> waiting = slotWaiters.get(server);
        for (int i = 0; waiting != null && i < n; i++) {
            Waiter w = waiting.pollFirst();
            if (w == null) {
                return;
            }
            submit(w.runId());
        }
    }

    /** A run of the schedule ended its backup: runs queued behind it (overlap: queue) look again. */
    private void wakeQueued(String scheduleId) {
        ConcurrentSkipListSet<Waiter> waiting = queueWaiters.get(scheduleId);
        if (waiting != null) {
            Waiter w = waiting.pollFirst();
            if (w != null) {
                submit(w.runId());
            }
        }
    }

    /** Only when to look again changed (a poll that found nothing new): nothing worth a database write. */
    private static boolean sameButWhen(Run.Job a, Run.Job b) {
        return a.withNextAt(null).equals(b.withNextAt(null));
    }

    private void saveJob(RunState st, int seq, Run.Job job) {
        try {
            store.saveJob(st.id, seq, job);
            st.dirty.remove(seq);
        } catch (Jdbc.DataException e) {
            if (st.dirty.add(seq)) {
                LOG.warn("Run {}: job {} could not be recorded ({}); it is still followed and recorded again shortly", st.id,
                        job.name(), e.getMessage());
            }
        }
    }

    private void retryDirty(RunState st) {
        for (Integer seq : List.copyOf(st.dirty)) {
            saveJob(st, seq, st.jobs.get(seq));
        }
    }

    /** Progress events are written best effort: a failed write is kept and retried, and never stops a job. */
    private void flushEvents(RunState st) {
        while (!st.events.isEmpty()) {
            JobSteps.Event e = st.events.get(0);
            try {
                store.jobEvent(st.id, e.jobName(), e.sessionId(), e.at(), e.state(), e.progress(), e.result());
                st.events.remove(0);
            } catch (RuntimeException ex) {
                if (st.events.size() > 10_000) {
                    st.events.remove(0);
                }
                LOG.debug("Run {}: progress event not recorded yet: {}", st.id, ex.getMessage());
                return;
            }
        }
    }

    private void saveStage(RunState st, String name, Run.Stage stage) {
        int seq = -1;
        for (int i = 0; i < st.stages.size(); i++) {
            if (st.stages.get(i).name().equals(name)) {
                seq = i;
            }
        }
        if (seq < 0) {
            seq = st.stages.size();
            st.stages.add(stage);
        } else {
            st.stages.set(seq, stage);
        }
        store.saveStage(st.id, seq, stage);
    }

    private Optional<RunState> load(String id) {
        RunState existing = states.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        Optional<Run> run = store.get(id);
        if (run.isEmpty() || !run.get().status().active()) {
            return Optional.empty();
        }
        Schedule s = schedules.version(run.get().scheduleId(), run.get().scheduleVersion());
        if (s == null) {
            LOG.error("Run {}: schedule {} v{} cannot be read; the run cannot go on", id, run.get().scheduleId(),
                    run.get().scheduleVersion());
            return Optional.empty();
        }
        RunState st = new RunState(id, run.get(), s);
        store.progressOf(id).ifPresent(p -> {
            st.step = p.step();
            st.veeamWaits = p.veeamWaits();
        });
        RunState raced = states.putIfAbsent(id, st);
        return Optional.of(raced == null ? st : raced);
    }

    private void reload(RunState st) {
        Run run = store.get(st.id).orElseThrow(() -> new IllegalStateException("run " + st.id + " vanished"));
        st.run = run;
        st.stages.clear();
        st.stages.addAll(run.stages());
        st.jobs.clear();
        st.jobs.addAll(run.jobs());
    }

    private Run snapshot(RunState st, List<Run.Stage> stages, List<Run.Job> jobList) {
        Run r = st.run;
        return new Run(r.id(), r.scheduleId(), r.scheduleVersion(), r.trigger(), r.scheduledFireTime(), r.queuedAt(), r.startedAt(),
                r.endedAt(), r.deadline(), r.status(), r.result(), r.reasons(), r.node(), r.directorReached(), r.target(), stages,
                jobList);
    }

    private ZonedDateTime nextFire(Schedule s) {
        try {
            return schedules.triggers() == null ? null : schedules.triggers().nextFireTime(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Run.Target target(Schedule s) {
        return new Run.Target(s.title(), s.veeam().server(), s.storage().repository(), s.storage().path());
    }

    private static String lang(RunState st) {
        return st.schedule.notification().language();
    }

    static Run.Result outcome(List<Run.Job> jobs) {
        boolean warning = false;
        for (Run.Job j : jobs) {
            switch (j.result() == null ? Run.JobResult.UNKNOWN : j.result()) {
                case FAILED, TIMED_OUT, NOT_STARTED, UNKNOWN -> {
                    return Run.Result.FAILED;
                }
                case WARNING -> warning = true;
                default -> {
                }
            }
        }
        return warning ? Run.Result.WARNING : Run.Result.SUCCESS;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static String newId(Instant now) {
        return ID_STAMP.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** A run waiting for an event, oldest first. */
    record Waiter(Instant queuedAt, String runId) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            int c = queuedAt.compareTo(o.queuedAt);
            return c != 0 ? c : runId.compareTo(o.runId);
        }
    }

    /** A run this node works on: its stored state, mirrored in memory between steps. */
    private static final class RunState {
        final String id;
        final Schedule schedule;
        final List<Run.Stage> stages = new ArrayList<>();
        final List<Run.Job> jobs = new ArrayList<>();
        final List<JobSteps.Event> events = new ArrayList<>();
        final java.util.Set<Integer> dirty = new java.util.TreeSet<>();
        final List<RunStore.Notice> extraNotices = new ArrayList<>();
        final AtomicInteger wip = new AtomicInteger();
        volatile Run run;
        volatile String step;
        int veeamWaits;
        int errors;
        int loggedWait;
        String failure;
        volatile boolean finished;
        Instant timerAt;

        RunState(String id, Run run, Schedule schedule) {
            this.id = id;
            this.run = run;
            this.schedule = schedule;
            this.stages.addAll(run.stages());
            this.jobs.addAll(run.jobs());
        }

        Waiter waiter() {
            return new Waiter(run.queuedAt(), id);
        }
    }
}
