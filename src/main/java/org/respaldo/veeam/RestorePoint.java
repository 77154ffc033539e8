package org.respaldo.veeam;

import java.time.OffsetDateTime;

/** A restore point ({@code ObjectRestorePointModel}). {@code type} is Full, Increment, … as sent. */
public record RestorePoint(String id, String name, String backupId, OffsetDateTime creationTime, String type,
        String sessionId) {
}
