package org.respaldo.veeam;

import java.time.OffsetDateTime;

/** A backup (the chain of restore points a job writes), from {@code GET /api/v1/backups}. */
public record Backup(String id, String jobId, String name, String repositoryId, String repositoryName,
        OffsetDateTime creationTime) {
}
