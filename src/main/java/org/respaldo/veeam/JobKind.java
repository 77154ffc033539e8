package org.respaldo.veeam;

import java.util.Locale;

/**
 * The kinds of backup job Respaldo drives, read from a job's {@code type} ({@code EJobType}) or, for a
 * backup, from its {@code platformName} ({@code EPlatformType}). Every other type is {@link #OTHER}.
 */
public enum JobKind {
    /** VMware vSphere backup: {@code Backup} up to 1.2, {@code VSphereBackup} from 1.3. */
    VSPHERE_BACKUP("VMware vSphere backup", null),
    /** Microsoft Hyper-V backup ({@code HyperVBackup}): manageable through REST from 1.3-rev0. */
    HYPERV_BACKUP("Microsoft Hyper-V backup", ApiVersion.V1_3_REV0),
    /** Veeam Agent backup for Windows managed by the backup server ({@code WindowsAgentBackup}): from 1.3-rev0. */
    WINDOWS_AGENT_BACKUP("Veeam Agent for Windows backup", ApiVersion.V1_3_REV0),
    /** Veeam Agent backup for Linux managed by the backup server ({@code LinuxAgentBackup}): from 1.3-rev0. */
    LINUX_AGENT_BACKUP("Veeam Agent for Linux backup", ApiVersion.V1_3_REV0),
    /** Any other job type (replication, backup copy, Entra ID, file share, policies, …). */
    OTHER("other", null);

    private final String label;
    private final ApiVersion since;

    JobKind(String label, ApiVersion since) {
        this.label = label;
        this.since = since;
    }

    /** The kind of a job type as Veeam spells it in any revision (case-insensitive). */
    public static JobKind of(String type) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "backup", "vspherebackup" -> VSPHERE_BACKUP;
            case "hypervbackup" -> HYPERV_BACKUP;
            case "windowsagentbackup" -> WINDOWS_AGENT_BACKUP;
            case "linuxagentbackup" -> LINUX_AGENT_BACKUP;
            default -> OTHER;
        };
    }

    /** The kind of job that writes backups on a platform ({@code BackupModel.platformName}), or {@link #OTHER}. */
    public static JobKind ofPlatform(String platformName) {
        String p = platformName == null ? "" : platformName.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "vmware" -> VSPHERE_BACKUP;
            case "hyperv" -> HYPERV_BACKUP;
            case "windowsphysical" -> WINDOWS_AGENT_BACKUP;
            case "linuxphysical" -> LINUX_AGENT_BACKUP;
            default -> OTHER;
        };
    }

    /** The type name 1.3 gives this kind ({@code VSphereBackup}, …); null for {@link #OTHER}. */
    public String typeName() {
        return switch (this) {
            case VSPHERE_BACKUP -> "VSphereBackup";
            case HYPERV_BACKUP -> "HyperVBackup";
            case WINDOWS_AGENT_BACKUP -> "WindowsAgentBackup";
            case LINUX_AGENT_BACKUP -> "LinuxAgentBackup";
            case OTHER -> null;
        };
    }

    /** English name for messages, e.g. "Veeam Agent for Windows backup". */
    public String label() {
        return label;
    }

    /** The first API revision whose REST API manages jobs of this kind; null when every revision does (or unknown). */
    public ApiVersion since() {
        return since;
    }

    /** Jobs of this kind are run by Veeam Agents on the protected computers. */
    public boolean agent() {
        return this == WINDOWS_AGENT_BACKUP || this == LINUX_AGENT_BACKUP;
    }
}
