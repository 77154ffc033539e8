package org.respaldo.veeam;

import java.time.OffsetDateTime;

/**
 * One object a job session processed ({@code BackupTaskSessionModel}, from 1.2-rev1): a VM of a vSphere or
 * Hyper-V job, a computer of a Veeam Agent job. Figures are null where Veeam sent none ({@code progress}
 * and its sizes are nullable).
 *
 * @param name             the object's name
 * @param algorithm        {@code Full}, {@code Increment}, … ({@code ETaskSessionAlgorithm}) as sent, or null
 * @param restorePointId   the restore point this task created, or null (e.g. the object failed)
 * @param processedBytes   total size of the object's disks processed
 * @param readBytes        data read from the source before compression and deduplication
 * @param transferredBytes data transferred to the target after compression and deduplication
 * @param ratePerSecond    Veeam's processing rate in bytes per second ("182.4 MB/s"), null for "N/A"
 * @param bottleneck       {@code ESessionBottleneckType} as sent ({@code Source}, {@code Network}, …), null when not defined
 */
public record TaskSession(String id, String sessionId, String name, SessionState state, SessionResult result,
        String message, String algorithm, String restorePointId, String repositoryId, OffsetDateTime creationTime,
        OffsetDateTime endTime, Long processedBytes, Long readBytes, Long transferredBytes, Double ratePerSecond,
        String bottleneck, Integer progressPercent) {
}
