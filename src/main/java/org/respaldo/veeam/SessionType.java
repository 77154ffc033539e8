package org.respaldo.veeam;

import java.util.Map;

/**
 * The session types Respaldo cares about; every other {@code ESessionType} is {@link #OTHER}.
 * A backup job's session (vSphere, Hyper-V) is {@code BackupJob}, though the 1.2-rev1 example writes
 * {@code Job}; a Veeam Agent backup job's session is {@code AgentBackup} (1.3 on).
 */
public enum SessionType {
    BACKUP_JOB, AGENT_BACKUP, INFRASTRUCTURE, OTHER;

    /** A session of a backup job of any kind Respaldo drives. */
    public boolean backup() {
        return this == BACKUP_JOB || this == AGENT_BACKUP;
    }

    public static SessionType parse(String raw) {
        return VeeamEnums.parse(SessionType.class, raw, OTHER, Map.of("job", BACKUP_JOB));
    }
}
