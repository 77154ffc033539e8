package org.respaldo.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The job types the simulator runs, with what Veeam's OpenAPI documents say of each: the revision
 * whose {@code EJobType} first has it, its name there, the platform its backups and restore points
 * are on ({@code EPlatformType}), the session type of its sessions and the workload its job state
 * shows. Decisions the documents leave open are listed in {@code package-info.java}.
 */
enum JobKind {
    /** VMware vSphere backup job: {@code Backup} up to 1.2, {@code VSphereBackup} from 1.3. */
    VSPHERE("VSphereBackup", ApiRevision.V1_1_REV0, "VMware", "BackupJob", "Vm", "VM", "Source", true),
    /** Microsoft Hyper-V backup job ({@code HyperVBackupJobModel}), from 1.3-rev0. */
    HYPERV("HyperVBackup", ApiRevision.V1_3_REV0, "HyperV", "BackupJob", "Vm", "VM", "Source", true),
    /** Veeam Agent backup job for Windows managed by the backup server ({@code WindowsAgentManagementBackupJobModel}), from 1.3-rev0. */
    WINDOWS_AGENT("WindowsAgentBackup", ApiRevision.V1_3_REV0, "WindowsPhysical", "AgentBackup", "Server", "computer",
            "Network", false),
    /** Veeam Agent backup job for Linux managed by the backup server ({@code LinuxAgentManagementBackupJobModel}), from 1.3-rev0. */
    LINUX_AGENT("LinuxAgentBackup", ApiRevision.V1_3_REV0, "LinuxPhysical", "AgentBackup", "Server", "computer",
            "Network", false);

    private final String type;
    private final ApiRevision since;
    private final String platform;
    private final String sessionType;
    private final String workload;
    private final String objectNoun;
    private final String bottleneck;
    private final boolean gracefulStop;

    JobKind(String type, ApiRevision since, String platform, String sessionType, String workload, String objectNoun,
            String bottleneck, boolean gracefulStop) {
        this.type = type;
        this.since = since;
        this.platform = platform;
        this.sessionType = sessionType;
        this.workload = workload;
        this.objectNoun = objectNoun;
        this.bottleneck = bottleneck;
        this.gracefulStop = gracefulStop;
    }

    /** The inventory's spelling: the 1.3 {@code EJobType} name. */
    String inventoryType() {
        return type;
    }

    static List<String> inventoryTypes() {
        return Arrays.stream(values()).map(JobKind::inventoryType).toList();
    }

    static JobKind of(String inventoryType) {
        for (JobKind k : values()) {
            if (k.type.equalsIgnoreCase(inventoryType)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown job type '" + inventoryType + "'; the simulator runs " + inventoryTypes());
    }

    /** Whether the revision's {@code EJobType} (and so its {@code /jobs}) has this type. */
    boolean visibleIn(ApiRevision rev) {
        return rev.atLeast(since);
    }

    ApiRevision since() {
        return since;
    }

    /** {@code EJobType} value in a revision. */
    String jobType(ApiRevision rev) {
        return this == VSPHERE ? rev.vsphereBackupJobType() : type;
    }

    /** {@code EPlatformType} of the job's backups, restore points and sessions. */
    String platform() {
        return platform;
    }

    /** {@code ESessionType} of the job's sessions ({@code Job} in 1.1-rev0 for VMware). */
    String sessionType(ApiRevision rev) {
        return this == VSPHERE || this == HYPERV ? rev.backupSessionType() : sessionType;
    }

    /** {@code EJobWorkload} (capitalised; the revision decides the casing). */
    String workload() {
        return workload;
    }

    /** How the session log calls one processed object. */
    String objectNoun() {
        return objectNoun;
    }

    /** The primary bottleneck the sessions of this type report ({@code ESessionBottleneckType}). */
    String bottleneck() {
        return bottleneck;
    }

    /** Whether {@code gracefulStop: true} lets the object in progress finish (agent jobs stop at once). */
    boolean gracefulStop() {
        return gracefulStop;
    }

    boolean agent() {
        return this == WINDOWS_AGENT || this == LINUX_AGENT;
    }
}
