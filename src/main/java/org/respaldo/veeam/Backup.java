package org.respaldo.veeam;

import java.time.OffsetDateTime;

/**
 * A backup (the chain of restore points a job writes), from {@code GET /api/v1/backups}.
 *
 * @param name         the name of the job that wrote it
 * @param platformName {@code EPlatformType} as sent ({@code VMware}, {@code HyperV}, {@code WindowsPhysical},
 *                     {@code LinuxPhysical}, …), or null: tells a Hyper-V or agent job's backup apart even on a
 *                     revision that cannot list such jobs
 * @param jobType      the writing job's type (1.3 on), or null
 */
public record Backup(String id, String jobId, String name, String repositoryId, String repositoryName,
        OffsetDateTime creationTime, String platformName, String jobType) {

    /** The kind of job that wrote it: from {@code jobType} when sent, else from the platform. */
    public JobKind kind() {
        JobKind byType = JobKind.of(jobType);
        return byType != JobKind.OTHER ? byType : JobKind.ofPlatform(platformName);
    }
}
