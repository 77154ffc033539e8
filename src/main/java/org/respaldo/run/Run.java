package org.respaldo.run;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One run of a schedule (steps 2–8 of ME-DS-TI-MNP-12), a persisted state machine:
 * {@code QUEUED} (recorded with its fire, not yet started) → {@code RUNNING} (availability, storage,
 * backup) → {@code NOTIFYING} (the result is known; the Director's conclusion mail is in the outbox)
 * → {@code CONCLUDED} (the SMTP server accepted that mail, or it gave up: {@code directorReached}
 * says which). Every transition is a database write. JSON field names are a contract
 * (GET /api/runs/{id} and the report file).
 */
public record Run(
        String id,
        String scheduleId,
        int scheduleVersion,
        Trigger trigger,
        Instant scheduledFireTime,
        Instant queuedAt,
        Instant startedAt,
        Instant endedAt,
        Instant deadline,
        Status status,
        Result result,
        List<String> reasons,
        String node,
        Boolean directorReached,
        Target target,
        List<Stage> stages,
        List<Job> jobs) {

    public Run {
        reasons = List.copyOf(reasons);
        stages = List.copyOf(stages);
        jobs = List.copyOf(jobs);
    }

    public enum Status {
        QUEUED, RUNNING, NOTIFYING, CONCLUDED;

        /** A run whose backup has not ended: it holds back later runs of its schedule. */
        public boolean active() {
            return this == QUEUED || this == RUNNING;
        }
    }

    /** The run's result; null until it is known. */
    public enum Result {
        SUCCESS, WARNING, FAILED, SKIPPED, MISSED
    }

    /** What started the run (JSON: lower case). */
    public enum Trigger {
        /** Fired on time by the schedule's trigger. */
        SCHEDULE,
        /** Run late, after a fire that was missed while Respaldo was down (misfire: run). */
        MISSED,
        /** Started by hand. */
        MANUAL,
        /** The failed jobs of a concluded run, again. */
        RERUN;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Trigger parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** Where the run's schedule version said to back up (kept with the run, so the report never changes). */
    public record Target(String scheduleTitle, String veeamServer, String repository, String path) {
    }

    /** A stage of the run (availability, instructions, storage, backup, recovery, conclusion). */
    public record Stage(String name, Instant startedAt, Instant endedAt, String outcome, String detail) {
    }

    /** Where one Veeam job of the run stands. */
    public enum JobState {
        /** Not started; waits for a slot of its Veeam server. */
        PENDING,
        /** Holds a slot; the start was asked of Veeam (a lost answer is resolved by looking for the session). */
        STARTING,
        /** Its session runs in Veeam; polled. */
        RUNNING,
        /** The deadline came: a stop was asked of Veeam. */
        STOPPING,
        /** The session stopped; its log and restore points are being read (no slot held). */
        FINISHING,
        /** Failed; waits for its retry (no slot held). */
        RETRY_WAIT,
        /** Its result is final. */
        DONE;

        /** Whether the job holds one of its Veeam server's slots. */
        public boolean holdsSlot() {
            return this == STARTING || this == RUNNING || this == STOPPING;
        }
    }

    /** One Veeam job of the run, with what the engine needs to go on after a restart. */
    public record Job(
            String name,
            String jobId,
            String server,
            JobState state,
            String sessionId,
            JobResult result,
            Instant startedAt,
            Instant endedAt,
            int attempts,
            String message,
            List<String> logRecords,
            Instant startRequestedAt,
            Instant stopRequestedAt,
            Instant nextAt,
            int failures,
            Instant unreachableSince,
            String sessionState,
            Integer progress,
            Report report) {

        public Job {
            logRecords = logRecords == null ? List.of() : List.copyOf(logRecords);
        }

        /** Without a report yet (every job until its session ended). */
        public Job(String name, String jobId, String server, JobState state, String sessionId, JobResult result, Instant startedAt,
                Instant endedAt, int attempts, String message, List<String> logRecords, Instant startRequestedAt,
                Instant stopRequestedAt, Instant nextAt, int failures, Instant unreachableSince, String sessionState,
                Integer progress) {
            this(name, jobId, server, state, sessionId, result, startedAt, endedAt, attempts, message, logRecords, startRequestedAt,
                    stopRequestedAt, nextAt, failures, unreachableSince, sessionState, progress, null);
        }

        /** With what the session did. */
        public Job withReport(Report r) {
            return new Job(name, jobId, server, state, sessionId, result, startedAt, endedAt, attempts, message, logRecords,
                    startRequestedAt, stopRequestedAt, nextAt, failures, unreachableSince, sessionState, progress, r);
        }

        /** A job about to be started. */
        public static Job pending(String name, String jobId, String server) {
            return new Job(name, jobId, server, JobState.PENDING, null, null, null, null, 0, null, List.of(), null, null, null,
                    0, null, null, null);
        }

        public Job withState(JobState s) {
            return new Job(name, jobId, server, s, sessionId, result, startedAt, endedAt, attempts, message, logRecords,
                    startRequestedAt, stopRequestedAt, nextAt, failures, unreachableSince, sessionState, progress, report);
        }

        public Job withNextAt(Instant t) {
            return new Job(name, jobId, server, state, sessionId, result, startedAt, endedAt, attempts, message, logRecords,
                    startRequestedAt, stopRequestedAt, t, failures, unreachableSince, sessionState, progress, report);
        }

        /** Started: its session is known. */
        public Job started(String session, Instant started, Instant next) {
            return new Job(name, jobId, server, JobState.RUNNING, session, null, startedAt == null ? started : startedAt, null,
                    attempts, null, logRecords, startRequestedAt, null, next, 0, null, null, null);
        }

        /** A poll answered: the session's state and progress. */
        public Job polled(String state, Integer percent, Instant next) {
            return new Job(name, jobId, server, this.state, sessionId, result, startedAt, endedAt, attempts, message, logRecords,
                    startRequestedAt, stopRequestedAt, next, 0, null, state, percent, report);
        }

        /** A poll failed (Veeam did not answer). */
        public Job unreachable(Instant since, Instant next) {
            return new Job(name, jobId, server, state, sessionId, result, startedAt, endedAt, attempts, message, logRecords,
                    startRequestedAt, stopRequestedAt, next, failures + 1, unreachableSince == null ? since : unreachableSince,
                    sessionState, progress, report);
        }

        /** The session stopped: what Veeam reported, before the log and the restore point are read. */
        public Job finishing(JobResult reported, String msg, Instant ended, Instant next) {
            return new Job(name, jobId, server, JobState.FINISHING, sessionId, reported, startedAt, ended, attempts, msg,
                    logRecords, startRequestedAt, stopRequestedAt, next, 0, null, sessionState, progress, report);
        }

        public Job stopping(Instant at, Instant next) {
            return new Job(name, jobId, server, JobState.STOPPING, sessionId, result, startedAt, endedAt, attempts, message,
                    logRecords, startRequestedAt, at, next, failures, unreachableSince, sessionState, progress, report);
        }

        /** Final. */
        public Job done(JobResult r, Instant ended, String msg, List<String> log) {
            return new Job(name, jobId, server, JobState.DONE, sessionId, r, startedAt, ended, attempts, msg, log,
                    startRequestedAt, stopRequestedAt, null, failures, unreachableSince, sessionState, progress, report);
        }

        /** Failed, to be retried at {@code at}. */
        public Job retryAt(JobResult r, Instant ended, String msg, List<String> log, Instant at) {
            return new Job(name, jobId, server, JobState.RETRY_WAIT, sessionId, r, startedAt, ended, attempts, msg, log,
                    null, null, at, 0, null, sessionState, progress, report);
        }
    }

    /**
     * What a job's session did, from Veeam's session report (issue 11): data processed, read and
     * transferred (bytes), the rate (bytes per second), the bottleneck, and each protected object.
     * Figures Veeam did not report are null.
     */
    public record Report(Long processedBytes, Long readBytes, Long transferredBytes, Double ratePerSecond, String bottleneck,
            List<ObjectResult> objects) {
        public Report {
            objects = objects == null ? List.of() : List.copyOf(objects);
        }

        /** Objects with a new restore point from this session. */
        public long restorePoints() {
            return objects.stream().filter(o -> o.restorePointId() != null).count();
        }
    }

    /** One protected object (a VM or a computer) of a job's session. */
    public record ObjectResult(String name, String result, String message, Long processedBytes, Long readBytes,
            Long transferredBytes, String restorePointId, Instant restorePointTime, String backupId) {
    }

    /** A job's result as the Director reads it. */
    public enum JobResult {
        SUCCESS, WARNING, FAILED, TIMED_OUT, NOT_STARTED,
        /** Veeam could not be asked how the session ended ("estado desconocido"). */
        UNKNOWN
    }

    public Run withStatus(Status s) {
        return new Run(id, scheduleId, scheduleVersion, trigger, scheduledFireTime, queuedAt, startedAt, endedAt, deadline, s,
                result, reasons, node, directorReached, target, stages, jobs);
    }
}
