package org.respaldo.veeam;

import java.time.OffsetDateTime;

/**
 * A job's current state from {@code GET /api/v1/jobs/states}.
 *
 * @param lastSessionId the job's latest session (running or not), or null
 * @param progressPercent progress of the running session (1.3 only), or null
 */
public record JobState(String id, String name, String type, JobStatus status, SessionResult lastResult,
        OffsetDateTime lastRun, OffsetDateTime nextRun, String repositoryId, String repositoryName,
        String lastSessionId, Integer progressPercent) {

    /** A session of this job is starting, running or stopping. */
    public boolean running() {
        return status.active();
    }
}
