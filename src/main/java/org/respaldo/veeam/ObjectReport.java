package org.respaldo.veeam;

import java.time.OffsetDateTime;

/**
 * What one job session did with one protected object (a VM or a computer), as Veeam's job report shows it.
 * Sizes are bytes, null where the server reported none.
 *
 * @param name             the object's name
 * @param result           its task's result ({@code SUCCESS}, {@code WARNING}, {@code FAILED}; {@code NONE} while it runs)
 * @param message          its task's result message, empty when none
 * @param processedBytes   total size of its disks processed
 * @param readBytes        data read from the source
 * @param transferredBytes data transferred to the repository (after compression and deduplication)
 * @param restorePointId   the restore point this session created for the object, or null when it created
 *                         none (a failed object, an object not reached before a stop): only a restore point
 *                         Veeam lists and that belongs to this session counts
 * @param restorePointTime its creation time, or null
 * @param backupId         the backup (chain) that holds it, or null
 * @param restorePointType {@code Full}, {@code Increment}, … ({@code ERestorePointType}) as sent, or null
 */
public record ObjectReport(String name, SessionResult result, String message, Long processedBytes, Long readBytes,
        Long transferredBytes, String restorePointId, OffsetDateTime restorePointTime, String backupId,
        String restorePointType) {

    /** The session created a restore point for this object. */
    public boolean hasNewRestorePoint() {
        return restorePointId != null;
    }
}
