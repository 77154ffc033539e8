package org.respaldo.veeam;

import java.time.OffsetDateTime;

/** One line of a session's log ({@code GET /api/v1/sessions/{id}/logs}). */
public record SessionLogRecord(long id, LogStatus status, OffsetDateTime startTime, OffsetDateTime updateTime,
        String title, String description) {

    /** A Warning or Failed record, the ones worth reporting. */
    public boolean notable() {
        return status == LogStatus.WARNING || status == LogStatus.FAILED;
    }
}
