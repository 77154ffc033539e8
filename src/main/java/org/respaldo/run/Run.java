package org.respaldo.run;

import java.time.Instant;
import java.util.List;

/**
 * One run of a schedule (steps 2–8 of ME-DS-TI-MNP-12): created when a fire reaches
 * {@code direct:run}, {@code RUNNING} until the Director's mail is accepted by the SMTP
 * server, then {@code CONCLUDED}. JSON field names are a contract (GET /api/runs).
 */
public record Run(
        String id,
        String scheduleId,
        int scheduleVersion,
        Instant scheduledFireTime,
        Instant startedAt,
        Instant endedAt,
        Status status,
        Result result,
        List<String> reasons,
        List<Stage> stages,
        List<Job> jobs) {

    public Run {
        reasons = List.copyOf(reasons);
        stages = List.copyOf(stages);
        jobs = List.copyOf(jobs);
    }

    public enum Status {
        RUNNING, CONCLUDED
    }

    /** The run's result; null while running. */
    public enum Result {
        SUCCESS, WARNING, FAILED, SKIPPED
    }

    /** A stage of the run (availability, instructions, storage, backup, conclusion). */
    public record Stage(String name, Instant startedAt, Instant endedAt, String outcome, String detail) {
    }

    /** One Veeam job of the run. */
    public record Job(
            String name,
            String sessionId,
            JobResult result,
            Instant startedAt,
            Instant endedAt,
            int attempts,
            String message,
            List<String> logRecords) {

        public Job {
            logRecords = logRecords == null ? List.of() : List.copyOf(logRecords);
        }
    }

    /** A job's result as the Director reads it. */
    public enum JobResult {
        SUCCESS, WARNING, FAILED, TIMED_OUT, NOT_STARTED
    }
}
