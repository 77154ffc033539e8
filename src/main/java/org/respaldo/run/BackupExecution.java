package org.respaldo.run;

import static org.respaldo.run.Texts.t;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.respaldo.schedule.Schedule;
import org.respaldo.veeam.LogStatus;
import org.respaldo.veeam.PollResult;
import org.respaldo.veeam.Session;
import org.respaldo.veeam.SessionLogRecord;
import org.respaldo.veeam.SessionResult;
import org.respaldo.veeam.StartOutcome;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamJob;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 of the procedure: "Ejecuta la aplicación para respaldar todas las bases de datos
 * configuradas". Starts every job (at most {@code maxParallel} at once per Veeam server),
 * polls the sessions, stops the ones still running at the deadline (TIMED_OUT), retries
 * failed ones while the window has time, and checks the new restore point of each success.
 */
public final class BackupExecution {

    private static final Logger LOG = LoggerFactory.getLogger(BackupExecution.class);

    private final VeeamServers veeam;
    private final RunStore store;
    private final ExecutorService executor;
    private final Clock clock;
    private final int maxParallel;
    private final Duration stopGrace;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public BackupExecution(VeeamServers veeam, RunStore store, ExecutorService executor, Clock clock, int maxParallel,
            Duration stopGrace) {
        this.veeam = veeam;
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.maxParallel = maxParallel;
        this.stopGrace = stopGrace;
    }

    /** Runs every job of the run to its end; the results are in the run context (and the store). */
    public void execute(RunContext run) throws InterruptedException {
        Schedule s = run.schedule();
        VeeamClient client = veeam.client(s.veeam().server());
        Semaphore slot = slots.computeIfAbsent(s.veeam().server(), k -> new Semaphore(maxParallel, true));
        List<VeeamJob> jobs = run.veeamJobs();
        AtomicInteger done = new AtomicInteger();
        for (VeeamJob job : jobs) {
            record(run, new Run.Job(job.name(), null, Run.JobResult.NOT_STARTED, null, null, 0, "", List.of()));
        }
        List<Future<?>> futures = new ArrayList<>();
        for (VeeamJob job : jobs) {
            futures.add(executor.submit(() -> {
                try {
                    runJob(run, client, slot, job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("Run {}: job {} ended with an error: {}", run.id(), job.name(), e.getMessage(), e);
                    Run.Job current = find(run, job.name());
                    record(run, new Run.Job(job.name(), current.sessionId(), Run.JobResult.FAILED, current.startedAt(),
                            clock.instant(), current.attempts(), e.getMessage(), current.logRecords()));
                }
                int n = done.incrementAndGet();
                LOG.info("Run {}: {}/{} jobs finished ({}%)", run.id(), n, jobs.size(), n * 100 / jobs.size());
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Run {}: a job task failed: {}", run.id(), e.getCause().getMessage());
            }
        }
    }

    private void runJob(RunContext run, VeeamClient client, Semaphore slot, VeeamJob job) throws InterruptedException {
        Schedule s = run.schedule();
        String lang = s.notification().language();
        long waitMs = Duration.between(clock.instant(), run.deadline()).toMillis();
        if (waitMs <= 0 || !slot.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
            record(run, new Run.Job(job.name(), null, Run.JobResult.NOT_STARTED, null, null, 0,
                    t(lang, "la ventana terminó antes de que el trabajo pudiera empezar", "the window ended before the job could start"),
                    List.of()));
            return;
        }
        try {
            int attempts = 0;
            Instant firstStart = null;
            while (true) {
                attempts++;
                StartOutcome outcome = attempts == 1 || !client.supportsRetry()
                        ? client.start(job.id(), s.veeam().activeFull()) : client.retry(job.id());
                if (outcome instanceof StartOutcome.NothingToProcess) {
                    record(run, new Run.Job(job.name(), null, Run.JobResult.WARNING, clock.instant(), clock.instant(), attempts,
                            t(lang, "Veeam no encontró nada que respaldar (no se creó sesión)", "Veeam found nothing to process (no session was created)"),
                            List.of()));
                    return;
                }
                Session session = ((StartOutcome.Started) outcome).session();
                Instant started = session.creationTime() != null ? session.creationTime().toInstant() : clock.instant();
                firstStart = firstStart == null ? started : firstStart;
                record(run, new Run.Job(job.name(), session.id(), Run.JobResult.NOT_STARTED, firstStart, null, attempts,
                        "", List.of()));
                PollResult poll = client.awaitStopped(session.id(), session, run.deadline(),
                        (previous, current) -> event(run, job, current));
                if (!poll.completed()) {
                    timedOut(run, client, job, poll.session(), firstStart, attempts);
                    return;
                }
                Session end = poll.session();
                Run.JobResult result = map(end.result());
                List<String> log = notable(client, end.id());
                Instant endedAt = end.endTime() != null ? end.endTime().toInstant() : clock.instant();
                String message = end.message();
                if (result == Run.JobResult.SUCCESS || result == Run.JobResult.WARNING) {
                    OffsetDateTime after = started.minusSeconds(1).atOffset(ZoneOffset.UTC);
                    if (client.restorePointsCreatedAfter(job.id(), after).isEmpty()) {
                        result = Run.JobResult.FAILED;
                        message = t(lang, "Veeam informó " + end.result() + " pero no hay un punto de restauración nuevo; verifique en Veeam",
                                "Veeam reported " + end.result() + " but there is no new restore point; check in Veeam");
                    }
                }
                record(run, new Run.Job(job.name(), end.id(), result, firstStart, endedAt, attempts, message, log));
                if (result != Run.JobResult.FAILED || attempts > s.retry().attempts()) {
                    return;
                }
                Instant retryAt = clock.instant().plus(s.retry().delay());
                if (!retryAt.isBefore(run.deadline())) {
                    LOG.info("Run {}: job {} failed; no time left in the window for a retry", run.id(), job.name());
                    return;
                }
                LOG.info("Run {}: job {} failed (attempt {}); retrying at {}", run.id(), job.name(), attempts, retryAt);
                Thread.sleep(Duration.between(clock.instant(), retryAt).toMillis());
            }
        } finally {
            slot.release();
        }
    }

    private void timedOut(RunContext run, VeeamClient client, VeeamJob job, Session last, Instant started, int attempts)
            throws InterruptedException {
        String lang = run.schedule().notification().language();
        LOG.warn("Run {}: job {} still running at the deadline {}; stopping it gracefully", run.id(), job.name(), run.deadline());
        Session end = last;
        try {
            Session stopping = client.stop(job.id(), true);
            PollResult after = client.awaitStopped(last.id(), stopping, clock.instant().plus(stopGrace),
                    (previous, current) -> event(run, job, current));
            end = after.session();
        } catch (RuntimeException e) {
            LOG.error("Run {}: stopping job {} failed: {}", run.id(), job.name(), e.getMessage());
        }
        record(run, new Run.Job(job.name(), last.id(), Run.JobResult.TIMED_OUT, started, clock.instant(), attempts,
                t(lang, "detenido al llegar el fin de la ventana o maxDuration (" + run.deadline() + ")",
                        "stopped when the window or maxDuration ended (" + run.deadline() + ")"),
                end == null ? List.of() : notable(client, end.id())));
    }

    private List<String> notable(VeeamClient client, String sessionId) {
        try {
            List<String> result = new ArrayList<>();
            for (SessionLogRecord r : client.notableLogRecords(sessionId)) {
                result.add((r.status() == LogStatus.FAILED ? "Failed: " : "Warning: ") + r.title());
            }
            return result;
        } catch (RuntimeException e) {
            return List.of("(log not available: " + e.getMessage() + ")");
        }
    }

    private void event(RunContext run, VeeamJob job, Session s) {
        store.jobEvent(run.id(), job.name(), s.id(), clock.instant(), s.state().name(), s.progressPercent(),
                s.result() == null ? null : s.result().name());
    }

    private void record(RunContext run, Run.Job job) {
        run.putJob(job);
        store.saveJob(run.id(), run.jobIndex(job.name()), job);
    }

    private static Run.Job find(RunContext run, String name) {
        return run.jobs().stream().filter(j -> j.name().equals(name)).findFirst()
                .orElse(new Run.Job(name, null, Run.JobResult.NOT_STARTED, null, null, 0, "", List.of()));
    }

    static Run.JobResult map(SessionResult r) {
        return switch (r) {
            case SUCCESS -> Run.JobResult.SUCCESS;
            case WARNING -> Run.JobResult.WARNING;
            default -> Run.JobResult.FAILED;
        };
    }
}
