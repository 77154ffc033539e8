package org.respaldo.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The VBR REST revisions the simulator can speak, with what differs between them
 * (taken from Veeam's OpenAPI documents of each revision).
 */
public enum ApiRevision {
    V1_1_REV0("1.1-rev0", "12.0.0.1420"),
    V1_2_REV1("1.2-rev1", "12.3.1.1139"),
    V1_3_REV0("1.3-rev0", "13.0.0.4967"),
    V1_3_REV1("1.3-rev1", "13.0.1.180"),
    V1_3_REV2("1.3-rev2", "13.1.0.411");

    private final String header;
    private final String buildVersion;

    ApiRevision(String header, String buildVersion) {
        this.header = header;
        this.buildVersion = buildVersion;
    }

    /** The {@code x-api-version} value, e.g. {@code 1.3-rev1}. */
    public String header() {
        return header;
    }

    /** The VBR build that introduced this revision (reported by {@code /serverInfo}). */
    String buildVersion() {
        return buildVersion;
    }

    public static Optional<ApiRevision> find(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        return Arrays.stream(values()).filter(r -> r.header.equals(value)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(ApiRevision::header).collect(Collectors.toList());
    }

    boolean atLeast(ApiRevision other) {
        return compareTo(other) >= 0;
    }

    boolean is13() {
        return atLeast(V1_3_REV0);
    }

    /** 1.1-rev0 names the job of a session {@code activityId}; later revisions {@code jobId}. */
    String sessionJobIdField() {
        return this == V1_1_REV0 ? "activityId" : "jobId";
    }

    /** 1.1-rev0 spells the stop flag {@code gracefullStop}. */
    String gracefulStopField() {
        return this == V1_1_REV0 ? "gracefullStop" : "gracefulStop";
    }

    /** Session type of a backup job session: {@code Job} in 1.1-rev0, {@code BackupJob} later. */
    String backupSessionType() {
        return this == V1_1_REV0 ? "Job" : "BackupJob";
    }

    /** Job type of a VMware vSphere backup job: {@code Backup} up to 1.2, {@code VSphereBackup} from 1.3. */
    String vsphereBackupJobType() {
        return is13() ? "VSphereBackup" : "Backup";
    }

    /** Platform of a job's included VM: {@code VMware} (EPlatformType) in 1.2, {@code VSphere} (EInventoryPlatformType) from 1.3. */
    String inventoryPlatform() {
        return is13() ? "VSphere" : "VMware";
    }

    /** 1.1-rev0 wraps a job's included VM as {@code {inventoryObject: {...}, size}}. */
    boolean wrapsInventoryObjects() {
        return this == V1_1_REV0;
    }

    /** Default page size when {@code limit} is absent: 200 from 1.3, none (everything) before. */
    int defaultLimit() {
        return is13() ? 200 : Integer.MAX_VALUE;
    }

    /** {@code EJobStatus} / {@code EJobWorkload} values: lower camel case up to 1.3-rev0, capitalised from 1.3-rev1. */
    String jobEnum(String capitalised) {
        if (atLeast(V1_3_REV1)) {
            return capitalised;
        }
        return capitalised.substring(0, 1).toLowerCase(Locale.ROOT) + capitalised.substring(1);
    }

    /** {@code EDayOfWeek}: lower case up to 1.3-rev0, capitalised from 1.3-rev1. */
    String dayOfWeek(String capitalised) {
        return jobEnum(capitalised);
    }

    /** Whether a job status exists in this revision (1.1/1.2 know only running, inactive, disabled). */
    boolean hasJobStatus(String capitalised) {
        return is13() || List.of("Running", "Inactive", "Disabled").contains(capitalised);
    }

    boolean hasRetry() {
        return is13();
    }

    /** {@code /restorePoints} and task sessions arrived with 1.2. */
    boolean hasRestorePointsAndTaskSessions() {
        return atLeast(V1_2_REV1);
    }

    /** Session state {@code ActionRequired} exists only from 1.3-rev2. */
    boolean hasActionRequired() {
        return atLeast(V1_3_REV2);
    }

    /** 1.3-rev2 answers a start with nothing to process with 204 and no session. */
    boolean startWithoutObjectsIs204() {
        return atLeast(V1_3_REV2);
    }

    @Override
    public String toString() {
        return header;
    }
}
