package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.schedule.Problem;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.VeeamInventoryCheck;

/**
 * The intake's Veeam check (schedule.VeeamInventoryCheck) against the simulator: a schedule whose jobs
 * cannot do what it asks on the server's API revision is rejected with the reason, one that gets a
 * weaker form of an operation is accepted with a warning. (It lives here, next to the client tests, to
 * use the simulator fixture.)
 */
class VeeamInventoryCheckTest {

    @TempDir
    Path dir;

    private SimulatorFixture fx;

    @AfterEach
    void contractAndClose() {
        if (fx != null) {
            try {
                fx.assertRequestsFollowTheContract();
            } finally {
                fx.close();
            }
        }
    }

    private VeeamInventoryCheck check(String revision) throws Exception {
        Path inventory = Path.of(getClass().getResource("/veeam/mixed-inventory.yaml").toURI());
        fx = SimulatorFixture.builder(dir).apiVersion(revision).accepted(VeeamJobTypesTest.ALL_REVISIONS).inventory(inventory)
                .timeScale(3600).start();
        return new VeeamInventoryCheck(fx.servers, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    static Schedule schedule(List<String> jobs, boolean activeFull, int retryAttempts) {
        return new Schedule(1, "prueba", "prueba", "director@mineco.local", true, "0 0 22 * * ?", ZoneId.of("America/Guatemala"),
                null, null, new Schedule.Window(LocalTime.of(21, 0), LocalTime.of(5, 0)), null, List.of(),
                new Schedule.VeeamTarget("sim", jobs, false, activeFull),
                new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 0),
                new Schedule.Notify("director@mineco.local", List.of(), "es"),
                new Schedule.Retry(retryAttempts, Duration.ofMinutes(10)), Schedule.Overlap.SKIP);
    }

    @Test
    void anAgentJobOnARevisionWithoutAgentJobsIsRejectedNamingTheJobAndTheRevision() throws Exception {
        VeeamInventoryCheck check = check("1.2-rev1");
        VeeamInventoryCheck.Findings f = check.check(schedule(List.of("BD-Oracle-VM", "BD-SQLServer-Fisico"), false, 0));
        assertThat(f.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("veeam.jobs[1]");
            assertThat(p.en()).contains("\"BD-SQLServer-Fisico\"").contains("Veeam Agent for Windows backup job")
                    .contains("API 1.2-rev1").contains("1.3-rev0").contains("respaldo.veeam.sim.api-version");
            assertThat(p.es()).contains("\"BD-SQLServer-Fisico\"").contains("Veeam Agent para Windows").contains("API 1.2-rev1");
        });
        // a name that is no job at all still says which jobs this revision can list
        VeeamInventoryCheck.Findings unknown = check.check(schedule(List.of("BD-No-Existe"), false, 0));
        assertThat(unknown.problems()).singleElement().extracting(Problem::en).asString()
                .contains("\"BD-No-Existe\" matches no job").contains("API 1.2-rev1 lists only VMware vSphere backup jobs");
        // the hidden job's type is read from its backups: one list for both files (cached)
        assertThat(fx.count("GET /api/v1/backups")).isEqualTo(1);
    }

    @Test
    void onAnOlderRevisionRetriesAreWarnedAndAPatternSaysWhichJobsItCannotReach() throws Exception {
        VeeamInventoryCheck check = check("1.2-rev1");
        VeeamInventoryCheck.Findings f = check.check(schedule(List.of("BD-*"), true, 2));
        assertThat(f.problems()).isEmpty();
        assertThat(f.warnings()).hasSize(2);
        assertThat(f.warnings()).anySatisfy(w -> assertThat(w).contains("BD-SQLServer-Fisico (WindowsAgentBackup)")
                .contains("BD-Linux-Postgres (LinuxAgentBackup)").contains("API 1.2-rev1").contains("will not be backed up"));
        assertThat(f.warnings()).anySatisfy(w -> assertThat(w).contains("no job retry").contains("\"BD-Oracle-VM\"")
                .contains("started again in full").contains("API 1.2-rev1"));
        // all jobs: the same note on the jobs it cannot reach
        Schedule all = schedule(List.of(), false, 0);
        all = new Schedule(all.formatVersion(), all.id(), all.title(), all.owner(), all.enabled(), all.cron(), all.timezone(),
                all.validFrom(), all.validUntil(), all.window(), all.maxDuration(), all.blackouts(),
                new Schedule.VeeamTarget("sim", List.of(), true, false), all.storage(), all.notification(), all.retry(), all.overlap());
        assertThat(check.check(all).warnings()).singleElement().asString().contains("BD-SQLServer-Fisico (WindowsAgentBackup)");
    }

    @Test
    void onVbr13AgentJobsAreAcceptedWithTheirStopWarning() throws Exception {
        VeeamInventoryCheck check = check("1.3-rev1");
        VeeamInventoryCheck.Findings f = check.check(schedule(List.of("BD-SQLServer-Fisico", "BD-HyperV-Tramites",
                "BD-Linux-Postgres", "BD-Oracle-VM"), true, 1));
        assertThat(f.problems()).isEmpty();
        assertThat(f.warnings()).singleElement().asString().contains("\"BD-SQLServer-Fisico\", \"BD-Linux-Postgres\"")
                .contains("cannot stop gracefully").doesNotContain("BD-HyperV-Tramites").doesNotContain("BD-Oracle-VM");
        // and an unknown name on 1.3 is only that
        VeeamInventoryCheck.Findings unknown = check.check(schedule(List.of("BD-No-Existe"), false, 0));
        assertThat(unknown.problems()).singleElement().extracting(Problem::en).asString()
                .contains("matches no job").doesNotContain("lists only");
    }

    @Test
    void theCapabilityMatrixFollowsTheRevision() {
        ApiVersion v12 = ApiVersion.V1_2_REV1;
        ApiVersion v13 = ApiVersion.V1_3_REV1;
        assertThat(JobCapabilities.of(v12, "x", "Backup", JobOperation.ACTIVE_FULL).supported()).isTrue();
        assertThat(JobCapabilities.of(v12, "x", "Backup", JobOperation.RETRY).level()).isEqualTo(JobSupport.Level.DEGRADED);
        assertThat(JobCapabilities.of(v13, "x", "VSphereBackup", JobOperation.RETRY).supported()).isTrue();
        for (String type : List.of("HyperVBackup", "WindowsAgentBackup", "LinuxAgentBackup")) {
            for (JobOperation op : JobOperation.values()) {
                JobSupport old = JobCapabilities.of(v12, "x", type, op);
                assertThat(old.level()).as(type + " " + op).isEqualTo(JobSupport.Level.UNSUPPORTED);
                assertThat(old.availableFrom()).isEqualTo(ApiVersion.V1_3_REV0);
            }
            assertThat(JobCapabilities.of(ApiVersion.V1_3_REV0, "x", type, JobOperation.ACTIVE_FULL).supported()).isTrue();
            assertThat(JobCapabilities.of(ApiVersion.V1_3_REV2, "x", type, JobOperation.RETRY).supported()).isTrue();
        }
        assertThat(JobCapabilities.of(v13, "x", "HyperVBackup", JobOperation.GRACEFUL_STOP).supported()).isTrue();
        assertThat(JobCapabilities.of(v13, "x", "LinuxAgentBackup", JobOperation.GRACEFUL_STOP).level())
                .isEqualTo(JobSupport.Level.DEGRADED);
        JobSupport replica = JobCapabilities.of(v13, "Replica-ERP", "VSphereReplica", JobOperation.ACTIVE_FULL);
        assertThat(replica.level()).isEqualTo(JobSupport.Level.UNSUPPORTED);
        assertThat(replica.describe("principal")).isEqualTo("Job 'Replica-ERP' (VSphereReplica) cannot run an active full backup on"
                + " Veeam server 'principal' (API 1.3-rev1): a VSphereReplica job writes no backup chain of its own, so it has"
                + " no active full");
        assertThat(JobCapabilities.of(v13, "x", "FileBackup", JobOperation.START).supported()).isTrue();
        assertThat(List.of(JobKind.of("Backup"), JobKind.of("vspherebackup"))).containsOnly(JobKind.VSPHERE_BACKUP);
        assertThat(JobKind.ofPlatform("WindowsPhysical")).isEqualTo(JobKind.WINDOWS_AGENT_BACKUP);
    }
}
