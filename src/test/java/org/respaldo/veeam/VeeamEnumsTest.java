package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VeeamEnumsTest {

    @ParameterizedTest
    @CsvSource({"running,RUNNING", "Running,RUNNING", "RUNNING,RUNNING", "inactive,INACTIVE", "Stopping,STOPPING",
            "starting,STARTING", "paused,UNKNOWN", "'',UNKNOWN"})
    void jobStatusInEveryCasing(String raw, JobStatus expected) {
        assertThat(JobStatus.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"WaitingSlot,WAITING_SLOT", "waitingslot,WAITING_SLOT", "WAITING_REPOSITORY,WAITING_REPOSITORY",
            "Stopped,STOPPED", "ActionRequired,ACTION_REQUIRED", "Postprocessing,POSTPROCESSING", "Hibernating,UNKNOWN"})
    void sessionStates(String raw, SessionState expected) {
        assertThat(SessionState.parse(raw)).isEqualTo(expected);
    }

    @Test
    void backupJobOrJob() {
        assertThat(SessionType.parse("BackupJob")).isEqualTo(SessionType.BACKUP_JOB);
        assertThat(SessionType.parse("Job")).isEqualTo(SessionType.BACKUP_JOB);
        assertThat(SessionType.parse("backupjob")).isEqualTo(SessionType.BACKUP_JOB);
        assertThat(SessionType.parse("RestoreVm")).isEqualTo(SessionType.OTHER);
        assertThat(SessionType.parse(null)).isEqualTo(SessionType.OTHER);
    }

    @Test
    void resultsAndLogStatus() {
        assertThat(SessionResult.parse("Success")).isEqualTo(SessionResult.SUCCESS);
        assertThat(SessionResult.parse("warning")).isEqualTo(SessionResult.WARNING);
        assertThat(SessionResult.parse("None")).isEqualTo(SessionResult.NONE);
        assertThat(SessionResult.parse("Partial")).isEqualTo(SessionResult.UNKNOWN);
        assertThat(LogStatus.parse("Failed")).isEqualTo(LogStatus.FAILED);
        assertThat(LogStatus.parse("succeeded")).isEqualTo(LogStatus.SUCCEEDED);
    }

    @Test
    void apiVersions() {
        assertThat(ApiVersion.parse("1.3-rev1")).isEqualTo(ApiVersion.V1_3_REV1);
        assertThat(ApiVersion.parse(" 1.2-REV1 ").supportsRetry()).isFalse();
        assertThat(ApiVersion.parse("1.3-rev0").supportsRetry()).isTrue();
        assertThat(ApiVersion.V1_3_REV2.atLeast(ApiVersion.V1_3_REV1)).isTrue();
        assertThat(ApiVersion.V1_3_REV2).hasToString("1.3-rev2");
    }
}
