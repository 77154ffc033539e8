package org.respaldo.veeam;

import java.util.Map;

/**
 * The session types Respaldo cares about; every other {@code ESessionType} is {@link #OTHER}.
 * A backup job's session is {@code BackupJob}, though the 1.2-rev1 example writes {@code Job}.
 */
public enum SessionType {
    BACKUP_JOB, INFRASTRUCTURE, OTHER;

    public static SessionType parse(String raw) {
        return VeeamEnums.parse(SessionType.class, raw, OTHER, Map.of("job", BACKUP_JOB));
    }
}
