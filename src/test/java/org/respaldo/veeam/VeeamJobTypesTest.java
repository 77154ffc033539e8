package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.sim.RecordedExchange;
import org.respaldo.sim.SimulatorAdmin;

/**
 * The client with VMware, Hyper-V and Veeam Agent jobs side by side, against the simulator over HTTPS:
 * each type started, polled, stopped and retried as its revision allows, and what each session did per
 * object (the session report). Every request and response is validated against the OpenAPI document of
 * its revision after each test.
 */
class VeeamJobTypesTest {

    static final Set<String> ALL_REVISIONS = Set.of("1.1-rev0", "1.2-rev1", "1.3-rev0", "1.3-rev1", "1.3-rev2");

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

    private VeeamClient start(String revision) throws Exception {
        Path inventory = Path.of(getClass().getResource("/veeam/mixed-inventory.yaml").toURI());
        fx = SimulatorFixture.builder(dir).apiVersion(revision).accepted(ALL_REVISIONS).inventory(inventory)
                .timeScale(3600).pageSize(50).start();
        return fx.client();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3-rev1", "1.3-rev2"})
    void mixedJobTypesRunAsTheirTypeAllowsAndReportEveryObject(String revision) throws Exception {
        VeeamClient c = start(revision);
        Map<String, VeeamJob> jobs = c.jobs().stream().collect(Collectors.toMap(VeeamJob::name, Function.identity()));
        VeeamJob vm = jobs.get("BD-Oracle-VM");
        VeeamJob hv = jobs.get("BD-HyperV-Tramites");
        VeeamJob windows = jobs.get("BD-SQLServer-Fisico");
        VeeamJob linux = jobs.get("BD-Linux-Postgres");
        assertThat(List.of(vm, hv, windows, linux)).extracting(VeeamJob::kind).containsExactly(JobKind.VSPHERE_BACKUP,
                JobKind.HYPERV_BACKUP, JobKind.WINDOWS_AGENT_BACKUP, JobKind.LINUX_AGENT_BACKUP);
        assertThat(c.supports(windows, JobOperation.GRACEFUL_STOP)).isFalse();
        assertThat(c.support(windows, JobOperation.GRACEFUL_STOP).level()).isEqualTo(JobSupport.Level.DEGRADED);
        assertThat(c.supports(windows, JobOperation.RETRY)).isTrue();
        assertThat(c.supports(linux, JobOperation.ACTIVE_FULL)).isTrue();
        assertThat(c.supports(hv, JobOperation.GRACEFUL_STOP)).isTrue();

        // VMware: a first run is a full for every VM, each with its restore point in the job's backup
        Session vmEnd = run(c, vm);
        assertThat(vmEnd.result()).isEqualTo(SessionResult.SUCCESS);
        assertThat(vmEnd.type()).isEqualTo(SessionType.BACKUP_JOB);
        SessionReport vmReport = c.sessionReport(vmEnd.id());
        assertThat(vmReport.sessionId()).isEqualTo(vmEnd.id());
        assertThat(vmReport.newRestorePointsForEveryObject()).isTrue();
        assertThat(vmReport.objects()).extracting(ObjectReport::name).containsExactly("srv-oracle01", "srv-oracle02");
        String backupId = c.backups(vm.id()).get(0).id();
        assertThat(vmReport.objects()).allSatisfy(o -> {
            assertThat(o.result()).isEqualTo(SessionResult.SUCCESS);
            assertThat(o.restorePointType()).isEqualTo("Full");
            assertThat(o.backupId()).isEqualTo(backupId);
            assertThat(o.restorePointTime()).isAfterOrEqualTo(vmEnd.creationTime()).isBeforeOrEqualTo(vmEnd.endTime());
            assertThat(c.restorePoint(o.restorePointId())).get().extracting(RestorePoint::sessionId).isEqualTo(vmEnd.id());
        });
        assertThat(vmReport.objects().get(0).processedBytes()).isEqualTo(120L * 1024 * 1024 * 1024);
        assertThat(vmReport.bottleneck()).isEqualTo("Source");
        assertThat(vmReport.ratePerSecond()).isPositive();

        // Hyper-V: a warning on one VM still leaves it a restore point
        Session hvEnd = run(c, hv);
        assertThat(hvEnd.result()).isEqualTo(SessionResult.WARNING);
        SessionReport hvReport = c.sessionReport(hvEnd.id());
        assertThat(hvReport.newRestorePointsForEveryObject()).isTrue();
        assertThat(hvReport.objects().get(1).result()).isEqualTo(SessionResult.WARNING);
        assertThat(hvReport.objects().get(1).message()).contains("truncate transaction logs");

        // Windows agent: the offline computer fails and gets no restore point; the retry processes only it
        Session winEnd = run(c, windows);
        assertThat(winEnd.type()).isEqualTo(SessionType.AGENT_BACKUP);
        assertThat(winEnd.typeName()).isEqualTo("AgentBackup");
        assertThat(winEnd.result()).isEqualTo(SessionResult.FAILED);
        SessionReport winReport = c.sessionReport(winEnd.id());
        assertThat(winReport.newRestorePointsForEveryObject()).isFalse();
        assertThat(winReport.objectsWithoutRestorePoint()).extracting(ObjectReport::name).containsExactly("srv-sqlconta02");
        ObjectReport offline = winReport.objectsWithoutRestorePoint().get(0);
        assertThat(offline.result()).isEqualTo(SessionResult.FAILED);
        assertThat(offline.message()).contains("offline");
        assertThat(offline.restorePointTime()).isNull();
        assertThat(offline.backupId()).isNull();
        assertThat(winReport.objects().get(0).restorePointType()).as("it has run before").isEqualTo("Increment");
        assertThat(winReport.bottleneck()).isEqualTo("Network");

        StartOutcome retried = c.retry(windows);
        Session retryEnd = c.awaitStopped(((StartOutcome.Started) retried).session().id(), ((StartOutcome.Started) retried).session(),
                Instant.now().plusSeconds(30), SessionListener.NONE).session();
        assertThat(retryEnd.result()).isEqualTo(SessionResult.SUCCESS);
        SessionReport retryReport = c.sessionReport(retryEnd.id());
        assertThat(retryReport.objects()).extracting(ObjectReport::name).containsExactly("srv-sqlconta02");
        assertThat(retryReport.newRestorePointsForEveryObject()).isTrue();

        // Linux agent: an increment on the chain it already had
        Session linuxEnd = run(c, linux);
        assertThat(linuxEnd.result()).isEqualTo(SessionResult.SUCCESS);
        assertThat(c.sessionReport(linuxEnd.id()).objects()).singleElement()
                .satisfies(o -> assertThat(o.restorePointType()).isEqualTo("Increment"));

        // the run's existing check keeps working for every type
        assertThat(c.restorePointsCreatedAfter(windows.id(), winEnd.creationTime().minusSeconds(1)))
                .extracting(RestorePoint::name).contains("srv-sqlconta01", "srv-sqlconta02");
    }

    @Test
    void anAgentJobAskedToStopGracefullyIsStoppedAtOnce() throws Exception {
        VeeamClient c = start("1.3-rev1");
        VeeamJob longJob = c.resolveJobs(List.of("BD-Agente-Largo")).jobs().get(0);
        Session s = ((StartOutcome.Started) c.start(longJob, false)).session();
        Session stopped = c.stop(longJob.id(), true);
        assertThat(stopped.id()).isEqualTo(s.id());
        assertThat(stopped.state()).isEqualTo(SessionState.STOPPED);
        assertThat(stopped.canceled()).isTrue();
        RecordedExchange stop = fx.sim.admin().exchanges().stream()
                .filter(e -> e.request().endpoint().equals("POST /api/v1/jobs/{id}/stop")).findFirst().orElseThrow();
        assertThat(stop.requestBody()).isEqualTo("{\"gracefulStop\":false}");
        SessionReport report = c.sessionReport(s.id());
        assertThat(report.objectsWithoutRestorePoint()).extracting(ObjectReport::name).containsExactly("srv-largo01");
        assertThat(report.objects().get(0).message()).contains("stopped by user");
    }

    @Test
    void theSessionReportsTotalsAreTheSumsOfWhatTheSimulatorReportedPerObject() throws Exception {
        VeeamClient c = start("1.3-rev1");
        for (String name : List.of("BD-SQLServer-Fisico", "BD-HyperV-Tramites", "BD-Oracle-VM")) {
            VeeamJob job = c.resolveJobs(List.of(name)).jobs().get(0);
            Session end = run(c, job);
            SessionReport report = c.sessionReport(end.id());
            List<SimulatorAdmin.ObjectSummary> sim = fx.sim.admin().sessionObjects(end.id());
            assertThat(report.objects()).extracting(ObjectReport::name)
                    .containsExactlyElementsOf(sim.stream().map(SimulatorAdmin.ObjectSummary::name).toList());
            for (int i = 0; i < sim.size(); i++) {
                ObjectReport o = report.objects().get(i);
                SimulatorAdmin.ObjectSummary s = sim.get(i);
                assertThat(o.processedBytes()).as(name + " " + s.name()).isEqualTo(s.processedBytes());
                assertThat(o.readBytes()).isEqualTo(s.readBytes());
                assertThat(o.transferredBytes()).isEqualTo(s.transferredBytes());
                assertThat(o.restorePointId()).isEqualTo(s.restorePointId());
            }
            assertThat(report.processedBytes()).as(name)
                    .isEqualTo(sim.stream().mapToLong(SimulatorAdmin.ObjectSummary::processedBytes).sum())
                    .isEqualTo(report.objects().stream().mapToLong(ObjectReport::processedBytes).sum());
            assertThat(report.readBytes())
                    .isEqualTo(sim.stream().mapToLong(SimulatorAdmin.ObjectSummary::readBytes).sum())
                    .isEqualTo(report.objects().stream().mapToLong(ObjectReport::readBytes).sum());
            assertThat(report.transferredBytes())
                    .isEqualTo(sim.stream().mapToLong(SimulatorAdmin.ObjectSummary::transferredBytes).sum())
                    .isEqualTo(report.objects().stream().mapToLong(ObjectReport::transferredBytes).sum());
            // Veeam's own rate for the session (1.3 job state) agrees with processed / duration
            double seconds = java.time.Duration.between(end.creationTime(), end.endTime()).toNanos() / 1e9;
            assertThat(report.ratePerSecond()).isCloseTo(report.processedBytes() / seconds,
                    org.assertj.core.data.Percentage.withPercentage(5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2-rev1", "1.3-rev0"})
    void olderRevisionsReadTaskSessionsThroughTheFilteredList(String revision) throws Exception {
        VeeamClient c = start(revision);
        List<VeeamJob> jobs = c.jobs();
        VeeamJob vm = jobs.stream().filter(j -> j.name().equals("BD-Oracle-VM")).findFirst().orElseThrow();
        Session end = run(c, vm);
        SessionReport report = c.sessionReport(end.id());
        assertThat(report.objects()).hasSize(2).allSatisfy(o -> assertThat(o.hasNewRestorePoint()).isTrue());
        assertThat(report.processedBytes()).isEqualTo(200L * 1024 * 1024 * 1024);
        assertThat(report.ratePerSecond()).isPositive();
        assertThat(report.bottleneck()).isEqualTo("Source");
        // that path takes no paging parameters up to 1.3-rev0: the paged, filtered list is read instead
        assertThat(fx.count("GET /api/v1/sessions/{id}/taskSessions")).isZero();
        assertThat(fx.count("GET /api/v1/taskSessions")).isPositive();
        if (revision.equals("1.2-rev1")) {
            assertThat(jobs).extracting(VeeamJob::kind).containsOnly(JobKind.VSPHERE_BACKUP);
            assertThat(c.supports(vm, JobOperation.RETRY)).isFalse();
            assertThat(c.support("BD-SQLServer-Fisico", "WindowsAgentBackup", JobOperation.START).level())
                    .isEqualTo(JobSupport.Level.UNSUPPORTED);
            assertThatThrownBy(() -> c.retry(vm)).isInstanceOf(VeeamUnsupportedOperationException.class)
                    .hasMessageContaining("BD-Oracle-VM").hasMessageContaining("(Backup)").hasMessageContaining("retry")
                    .hasMessageContaining("API 1.2-rev1").hasMessageContaining("start the job again");
            assertThat(fx.count("POST /api/v1/jobs/{id}/retry")).isZero();
        } else {
            assertThat(jobs).extracting(VeeamJob::kind).contains(JobKind.HYPERV_BACKUP, JobKind.WINDOWS_AGENT_BACKUP);
            assertThat(c.supports(vm, JobOperation.RETRY)).isTrue();
        }
    }

    private static Session run(VeeamClient c, VeeamJob job) throws InterruptedException {
        Session s = ((StartOutcome.Started) c.start(job, false)).session();
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(30), SessionListener.NONE);
        assertThat(p.completed()).as(job.name()).isTrue();
        return p.session();
    }
}
