package org.respaldo.run;

import static org.respaldo.text.Texts.t;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.respaldo.schedule.Schedule;
import org.respaldo.time.Backoff;
import org.respaldo.veeam.LogStatus;
import org.respaldo.veeam.ObjectReport;
import org.respaldo.veeam.SessionReport;
import org.respaldo.veeam.Session;
import org.respaldo.veeam.SessionLogRecord;
import org.respaldo.veeam.SessionResult;
import org.respaldo.veeam.StartOutcome;
import org.respaldo.veeam.VeeamApiException;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamException;
import org.respaldo.veeam.VeeamUnavailableException;

/**
 * Step 6 for one Veeam job: each method is one short action on the job's state machine (start,
 * resolve a lost start, poll, stop at the deadline, read the end) that returns the job as it is
 * after it, with {@code nextAt} saying when to act again. Nothing here waits: the engine calls
 * again when {@code nextAt} comes.
 *
 * <p>The outcome reported is the truth: a job is TIMED_OUT only when Veeam said its session was
 * still running at the deadline; while polls fail, the session's end is read once Veeam answers
 * again; a job whose end cannot be learned within {@code unknownAfter} of the deadline is UNKNOWN.
 */
final class JobSteps {

    /** A session state change, for the run's event log. */
    record Event(String jobName, String sessionId, Instant at, String state, int progress, String result) {
    }

    private final Clock clock;
    private final Duration stopGrace;
    private final Duration unknownAfter;

    JobSteps(Clock clock, Duration stopGrace, Duration unknownAfter) {
        this.clock = clock;
        this.stopGrace = stopGrace;
        this.unknownAfter = unknownAfter;
    }

    /** The job holds a slot (STARTING): asks Veeam to start it (or to retry it, after a failed attempt). */
    Run.Job start(VeeamClient client, Schedule s, Run.Job job, List<Event> events) {
        String lang = s.notification().language();
        Instant now = clock.instant();
        boolean retry = job.attempts() > 1 && client.supportsRetry();
        StartOutcome outcome;
        try {
            outcome = retry ? client.retry(job.jobId()) : client.start(job.jobId(), s.veeam().activeFull());
        } catch (VeeamUnavailableException e) {
            // no session was created (the client looked for one): try again later, the slot is given back
            return pendingAgain(job, now, client, t(lang, "Veeam no confirmó el inicio: " + e.getMessage(),
                    "Veeam did not confirm the start: " + e.getMessage()));
        } catch (VeeamException e) {
            return failedAttempt(s, job, now, null, t(lang, "Veeam rechazó el inicio del trabajo: " + e.getMessage(),
                    "Veeam refused to start the job: " + e.getMessage()), List.of());
        }
        if (outcome instanceof StartOutcome.NothingToProcess) {
            return job.done(Run.JobResult.WARNING, now, t(lang, "Veeam no encontró nada que respaldar (no se creó sesión)",
                    "Veeam found nothing to process (no session was created)"), List.of());
        }
        Session session = ((StartOutcome.Started) outcome).session();
        Instant started = session.creationTime() != null ? session.creationTime().toInstant() : now;
        events.add(event(job, session));
        Run.Job running = job.started(session.id(), millis(started), now.plus(client.settings().pollInterval()));
        return session.stopped() ? running.withNextAt(now) : running;
    }

    /**
     * A STARTING job found after a restart: the start may have reached Veeam with its answer lost.
     * Its session is looked for; only when there is none is the job started (again).
     */
    Run.Job resolveStart(VeeamClient client, Schedule s, Run.Job job, List<Event> events) {
        Instant since = job.startRequestedAt() == null ? clock.instant().minusSeconds(60) : job.startRequestedAt();
        Optional<Session> found;
        try {
            found = client.sessionCreatedSince(job.jobId(), since);
        } catch (VeeamException e) {
            Instant now = clock.instant();
            return job.withNextAt(now.plus(backoff(client).delay(Math.max(1, job.failures() + 1))));
        }
        if (found.isPresent()) {
            Session session = found.get();
            Instant started = session.creationTime() != null ? session.creationTime().toInstant() : clock.instant();
            events.add(event(job, session));
            return job.started(session.id(), millis(started), clock.instant());
        }
        return start(client, s, job, events);
    }

    /**
     * One poll of a RUNNING or STOPPING job. Still running at the deadline: a graceful stop is asked.
     * Stopped: FINISHING (the slot is free; the end is read next).
     */
    Run.Job poll(VeeamClient client, Schedule s, Run.Job job, Instant deadline, List<Event> events) {
        String lang = s.notification().language();
        Instant now = clock.instant();
        Session session;
        try {
            session = client.pollOnce(job.sessionId());
        } catch (VeeamUnavailableException e) {
            Run.Job later = job.unreachable(now, now.plus(backoff(client).delay(job.failures() + 1)));
            if (now.isAfter(deadline.plus(unknownAfter)) && (job.state() == Run.JobState.RUNNING
                    || job.state() == Run.JobState.STOPPING)) {
                return unknown(later, now, lang, t(lang, "Veeam no responde desde " + later.unreachableSince()
                        + " (" + later.failures() + " intentos): " + e.getMessage(),
                        "Veeam has not answered since " + later.unreachableSince() + " (" + later.failures() + " attempts): "
                        + e.getMessage()));
            }
            return later;
        } catch (VeeamApiException e) {
            return unknown(job, now, lang, t(lang, "Veeam no da la sesión " + job.sessionId() + " (HTTP " + e.status() + "): "
                    + e.getMessage(), "Veeam does not give the session " + job.sessionId() + " (HTTP " + e.status() + "): "
                    + e.getMessage()));
        }
        if (!session.state().name().equals(job.sessionState()) || !Integer.valueOf(session.progressPercent()).equals(job.progress())) {
            events.add(event(job, session));
        }
        Run.Job polled = job.polled(session.state().name(), session.progressPercent(), null);
        if (session.stopped()) {
            return polled.finishing(map(session.result()), session.message(), millis(session.endTime()), now);
        }
        Duration interval = client.settings().pollInterval();
        if (job.state() == Run.JobState.STOPPING) {
            if (job.stopRequestedAt() != null && now.isAfter(job.stopRequestedAt().plus(stopGrace))) {
                return polled.done(Run.JobResult.TIMED_OUT, now, timedOutMessage(lang, deadline, t(lang,
                        "; Veeam no confirmó la detención en " + stopGrace.toSeconds() + " s",
                        "; Veeam did not confirm the stop within " + stopGrace.toSeconds() + " s")), List.of());
            }
            return polled.withNextAt(now.plus(interval));
        }
        if (!now.isBefore(deadline)) {
            try {
                client.stop(job.jobId(), true);
                return polled.stopping(now, now.plus(interval));
            } catch (VeeamUnavailableException e) {
                return polled.withNextAt(now.plus(backoff(client).delay(1)));
            } catch (VeeamException e) {
                // refused (e.g. it stopped on its own meanwhile): look again at once
                return polled.withNextAt(now);
            }
        }
        Instant next = min(now.plus(interval), expectedEnd(job.startedAt(), now, session.progressPercent()));
        return polled.withNextAt(next.isAfter(deadline) ? deadline : next);
    }

    /**
     * When the session should end if it goes on as it went (its progress so far over the time it
     * took): the next poll is not later than that, so a job's end (and its slot) is seen sooner.
     * Null when the progress says nothing, or when that moment has passed (the session takes longer
     * than it went: back to the regular interval, never a poll loop).
     */
    static Instant expectedEnd(Instant started, Instant now, int percent) {
        if (started == null || percent <= 0 || percent >= 100 || !now.isAfter(started)) {
            return null;
        }
        long elapsed = Duration.between(started, now).toMillis();
        Instant end = started.plusMillis(elapsed * 100 / percent);
        return end.isAfter(now) ? end : null;
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    /**
     * A FINISHING job: its session stopped. Reads the notable log records and checks the new
     * restore point; DONE, or RETRY_WAIT when it failed and the schedule's retries and the window
     * allow another attempt.
     */
    Run.Job finish(VeeamClient client, Schedule s, Run.Job job, Instant deadline) {
        String lang = s.notification().language();
        Instant now = clock.instant();
        Run.JobResult reported = job.result() == null ? Run.JobResult.FAILED : job.result();
        Run.JobResult result = reported;
        String message = job.message();
        if (job.stopRequestedAt() != null && (job.endedAt() == null || job.endedAt().isAfter(deadline))) {
            result = Run.JobResult.TIMED_OUT;
            message = timedOutMessage(lang, deadline, "");
        }
        List<String> log;
        Run.Report report = null;
        try {
            log = notable(client, job.sessionId());
            SessionReport sr = client.sessionReport(job.sessionId());
            report = report(sr);
            if (result == Run.JobResult.SUCCESS || result == Run.JobResult.WARNING) {
                String said = reported == Run.JobResult.WARNING ? "Warning" : "Success";
                if (sr.objects().isEmpty()) {
                    // a revision without task sessions: a new restore point of the job must exist at least
                    OffsetDateTime after = job.startedAt().minusSeconds(1).atOffset(ZoneOffset.UTC);
                    if (client.restorePointsCreatedAfter(job.jobId(), after).isEmpty()) {
                        result = Run.JobResult.WARNING;
                        message = t(lang, "Veeam informó " + said + " pero no hay un punto de restauración nuevo; verifique en Veeam",
                                "Veeam reported " + said + " but there is no new restore point; check in Veeam");
                    }
                } else if (!sr.objectsWithoutRestorePoint().isEmpty()) {
                    // each protected object must have a new restore point from this session
                    List<String> names = sr.objectsWithoutRestorePoint().stream().map(ObjectReport::name).toList();
                    result = Run.JobResult.WARNING;
                    message = t(lang, "Veeam informó " + said + " pero " + names.size() + " de " + sr.objects().size()
                            + " objeto(s) no tienen un punto de restauración nuevo de esta sesión: " + String.join(", ", names),
                            "Veeam reported " + said + " but " + names.size() + " of " + sr.objects().size()
                            + " object(s) have no new restore point from this session: " + String.join(", ", names));
                }
            }
        } catch (VeeamUnavailableException e) {
            if (now.isAfter(deadline.plus(unknownAfter))) {
                log = List.of(t(lang, "(registro no disponible: " + e.getMessage() + ")", "(log not available: " + e.getMessage() + ")"));
            } else {
                return job.unreachable(now, now.plus(backoff(client).delay(job.failures() + 1)));
            }
        } catch (VeeamException e) {
            log = List.of(t(lang, "(registro no disponible: " + e.getMessage() + ")", "(log not available: " + e.getMessage() + ")"));
        }
        Instant ended = job.endedAt() != null ? job.endedAt() : now;
        Run.Job withReport = job.withReport(report);
        if (result == Run.JobResult.FAILED) {
            return failedAttempt(s, withReport, ended, deadline, message, log);
        }
        return withReport.done(result, ended, message, log);
    }

    /** What the session did, as the run keeps it. */
    static Run.Report report(SessionReport sr) {
        List<Run.ObjectResult> objects = new ArrayList<>();
        for (ObjectReport o : sr.objects()) {
            objects.add(new Run.ObjectResult(o.name(), o.result() == null ? null : o.result().name(), o.message(), o.processedBytes(),
                    o.readBytes(), o.transferredBytes(), o.restorePointId(), millis(o.restorePointTime()), o.backupId()));
        }
        return new Run.Report(sr.processedBytes(), sr.readBytes(), sr.transferredBytes(), sr.ratePerSecond(), sr.bottleneck(),
                objects);
    }

    /** A PENDING or RETRY_WAIT job whose deadline came before it could (re)start. */
    Run.Job tooLate(Schedule s, Run.Job job) {
        String lang = s.notification().language();
        if (job.state() == Run.JobState.RETRY_WAIT) {
            return job.done(job.result(), job.endedAt(), job.message(), job.logRecords());
        }
        return job.done(Run.JobResult.NOT_STARTED, null, t(lang, "la ventana terminó antes de que el trabajo pudiera empezar",
                "the window ended before the job could start"), List.of());
    }

    private Run.Job failedAttempt(Schedule s, Run.Job job, Instant ended, Instant deadline, String message, List<String> log) {
        Instant now = clock.instant();
        if (job.attempts() <= s.retry().attempts() && deadline != null) {
            Instant retryAt = now.plus(s.retry().delay());
            if (retryAt.isBefore(deadline)) {
                return job.retryAt(Run.JobResult.FAILED, ended, message, log, retryAt);
            }
        }
        return job.done(Run.JobResult.FAILED, ended, message, log);
    }

    private Run.Job pendingAgain(Run.Job job, Instant now, VeeamClient client, String message) {
        Run.Job back = new Run.Job(job.name(), job.jobId(), job.server(), job.attempts() > 1 ? Run.JobState.RETRY_WAIT
                : Run.JobState.PENDING, job.sessionId(), job.result(), job.startedAt(), job.endedAt(), job.attempts() - 1, message,
                job.logRecords(), null, null, now.plus(backoff(client).delay(job.failures() + 1)), job.failures() + 1,
                job.unreachableSince() == null ? now : job.unreachableSince(), job.sessionState(), job.progress());
        return back;
    }

    private static Run.Job unknown(Run.Job job, Instant now, String lang, String why) {
        return job.done(Run.JobResult.UNKNOWN, null, t(lang, "estado desconocido: ", "state unknown: ") + why
                + t(lang, ". Verifique la sesión " + job.sessionId() + " en Veeam.", ". Check session " + job.sessionId() + " in Veeam."),
                job.logRecords());
    }

    private static String timedOutMessage(String lang, Instant deadline, String extra) {
        return t(lang, "detenido al llegar el fin de la ventana o maxDuration (" + deadline + ")" + extra,
                "stopped when the window or maxDuration ended (" + deadline + ")" + extra);
    }

    static List<String> notable(VeeamClient client, String sessionId) {
        List<String> result = new ArrayList<>();
        for (SessionLogRecord r : client.notableLogRecords(sessionId)) {
            result.add((r.status() == LogStatus.FAILED ? "Failed: " : "Warning: ") + r.title());
        }
        return result;
    }

    private static Backoff backoff(VeeamClient client) {
        Duration first = client.settings().pollInterval();
        Duration max = client.settings().maxBackoff().compareTo(first) < 0 ? first : client.settings().maxBackoff();
        return new Backoff(first, max, 0.2);
    }

    private Event event(Run.Job job, Session s) {
        return new Event(job.name(), s.id(), clock.instant(), s.state().name(), s.progressPercent(),
                s.result() == null ? null : s.result().name());
    }

    static Run.JobResult map(SessionResult r) {
        return switch (r) {
            case SUCCESS -> Run.JobResult.SUCCESS;
            case WARNING -> Run.JobResult.WARNING;
            default -> Run.JobResult.FAILED;
        };
    }

    static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    static Instant millis(OffsetDateTime t) {
        return t == null ? null : millis(t.toInstant());
    }
}
