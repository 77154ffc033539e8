package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class VeeamJsonTest {

    private final VeeamJson json = new VeeamJson(ZoneId.of("America/Guatemala"));

    @Test
    void runningSessionWithNullResultAndNoEndTime() {
        Session s = json.session(json.read("""
                {"id":"s1","name":"BD-Oracle-SIAF","jobId":"j1","sessionType":"BackupJob","state":"Working",
                 "creationTime":"2025-05-02T22:00:03.120+02:00","endTime":null,"progressPercent":37,"result":null,
                 "usn":48213,"unexpected":{"x":1}}"""));
        assertThat(s.stopped()).isFalse();
        assertThat(s.state()).isEqualTo(SessionState.WORKING);
        assertThat(s.result()).isEqualTo(SessionResult.NONE);
        assertThat(s.endTime()).isNull();
        assertThat(s.end()).isEmpty();
        assertThat(s.progressPercent()).isEqualTo(37);
        assertThat(s.jobId()).isEqualTo("j1");
        assertThat(s.creationTime()).isEqualTo(OffsetDateTime.of(2025, 5, 2, 22, 0, 3, 120_000_000, ZoneOffset.ofHours(2)));
    }

    @Test
    void finishedSessionWithActivityIdAndJobType() {
        Session s = json.session(json.read("""
                {"id":"s2","name":"x","activityId":"j9","sessionType":"Job","state":"stopped",
                 "creationTime":"2024-11-13T18:00:45.528604","endTime":"2024-11-13T18:10:00Z",
                 "result":{"result":"Warning","message":"1 of 2 VMs processed with warnings","isCanceled":false}}"""));
        assertThat(s.jobId()).isEqualTo("j9");
        assertThat(s.type()).isEqualTo(SessionType.BACKUP_JOB);
        assertThat(s.stopped()).isTrue();
        assertThat(s.result()).isEqualTo(SessionResult.WARNING);
        assertThat(s.message()).contains("warnings");
        // no offset: read in the fallback zone (Guatemala, UTC-6)
        assertThat(s.creationTime().getOffset()).isEqualTo(ZoneOffset.ofHours(-6));
        assertThat(s.endTime().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void unreadableDatesBecomeNull() {
        assertThat(VeeamJson.parseDate("yesterday", ZoneOffset.UTC)).isNull();
        assertThat(VeeamJson.parseDate("", ZoneOffset.UTC)).isNull();
        assertThat(VeeamJson.parseDate("2025-07-28T10:44:39.694588+02:00", ZoneOffset.UTC).getNano()).isEqualTo(694_588_000);
    }

    @Test
    void jobStateOfEitherRevision() {
        JobState old = json.jobState(json.read("""
                {"id":"j1","name":"FS-Expedientes","type":"Backup","description":"","status":"running",
                 "lastResult":"None","workload":"vm","objectsCount":1,"sessionId":"s1"}"""));
        assertThat(old.running()).isTrue();
        assertThat(old.lastSessionId()).isEqualTo("s1");
        assertThat(old.progressPercent()).isNull();
        JobState rev1 = json.jobState(json.read("""
                {"id":"j1","name":"FS-Expedientes","type":"VSphereBackup","status":"Inactive","lastResult":"Success",
                 "repositoryName":"Repositorio-CD-Secundario","progressPercent":0}"""));
        assertThat(rev1.running()).isFalse();
        assertThat(rev1.lastResult()).isEqualTo(SessionResult.SUCCESS);
        assertThat(rev1.repositoryName()).isEqualTo("Repositorio-CD-Secundario");
    }

    @Test
    void jobRepositoryFromStorage() {
        VeeamJob j = json.job(json.read("""
                {"id":"j1","name":"BD-MySQL-Intranet","type":"WindowsAgentBackup","isDisabled":false,
                 "storage":{"backupRepositoryId":"r1"}}"""));
        assertThat(j.repositoryId()).isEqualTo("r1");
        assertThat(j.disabled()).isFalse();
    }

    @Test
    void repositoryState() {
        RepositoryState r = json.repositoryState(json.read("""
                {"id":"r1","name":"Repositorio-CD-Local","type":"WinLocal","description":"","path":"D:\\\\Backups",
                 "capacityGB":99.4,"freeGB":16.4,"usedSpaceGB":30.4,"isOnline":true}"""));
        assertThat(r.path()).isEqualTo("D:\\Backups");
        assertThat(r.freeGB()).isEqualTo(16.4);
        assertThat(r.online()).isTrue();
    }
}
