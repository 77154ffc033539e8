package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.sim.Fault;
import org.respaldo.sim.Inventory;

/**
 * The client against the running simulator over HTTPS (its certificate trusted through its PEM file),
 * in every revision Respaldo speaks. After each test every request the client sent is validated against
 * the OpenAPI document of its revision.
 */
class VeeamClientSimulatorTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"1.2-rev1", "1.3-rev0", "1.3-rev1"})
    void readsServerJobsAndRepositoriesOverSeveralPages(String revision) throws Exception {
        fx = SimulatorFixture.builder(dir).apiVersion(revision).pageSize(2).start();
        VeeamClient c = fx.client();

        assertThat(c.serverTime().serverTime()).isNotNull();
        assertThat(c.serverInfo().name()).isEqualTo("VBR-MINISTERIO-01");
        assertThat(Thumbprints.normalize(c.serverCertificate().thumbprint()).orElse(c.serverCertificate().thumbprint()))
                .isNotBlank();

        List<VeeamJob> jobs = c.jobs();
        List<String> vmware = List.of("BD-SQLServer-Produccion", "BD-Oracle-SIAF", "BD-PostgreSQL-Portal", "BD-MySQL-Intranet",
                "FS-Expedientes");
        boolean v13 = !revision.equals("1.2-rev1");
        List<String> expected = new java.util.ArrayList<>(vmware);
        if (v13) {
            // Hyper-V and agent jobs exist in the REST API from 1.3-rev0
            expected.addAll(List.of("BD-SQLServer-Fisico", "BD-HyperV-Tramites"));
        }
        assertThat(jobs).extracting(VeeamJob::name).containsExactlyInAnyOrderElementsOf(expected);
        // two per page
        assertThat(fx.count("GET /api/v1/jobs")).isEqualTo(v13 ? 4 : 3);

        JobResolution r = c.resolveJobs(List.of("BD-*", "FS-Expedientes", "No-Existe"));
        assertThat(r.matched().get("BD-*")).hasSize(v13 ? 6 : 4);
        assertThat(r.unmatched()).containsExactly("No-Existe");

        List<JobState> states = c.jobStates(jobs.stream().map(VeeamJob::id).toList());
        assertThat(states).hasSize(expected.size()).allSatisfy(s -> assertThat(s.running()).isFalse());
        assertThat(c.jobState(jobs.get(0).id())).isPresent();

        RepositoryState local = c.repository("Repositorio-CD-Local").orElseThrow();
        assertThat(local.path()).isEqualTo("D:\\Backups");
        assertThat(local.online()).isTrue();
        assertThat(local.freeGB()).isPositive();
        assertThat(c.repository("repositorio-cd-secundario")).get().extracting(RepositoryState::path)
                .isEqualTo("E:\\Backups");
        assertThat(c.repository("No-Existe")).isEmpty();
        assertThat(c.repositories()).hasSize(2);

        // one login for all of that
        assertThat(fx.grants()).containsExactly("password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2-rev1", "1.3-rev0", "1.3-rev1"})
    void startsPollsToTheEndAndFindsTheNewRestorePoint(String revision) throws Exception {
        fx = SimulatorFixture.builder(dir).apiVersion(revision).timeScale(100).start();
        VeeamClient c = fx.client();
        VeeamJob job = c.resolveJobs(List.of("BD-Oracle-SIAF")).jobs().get(0);
        double freeBefore = c.repository("Repositorio-CD-Local").orElseThrow().freeGB();
        OffsetDateTime before = c.serverTime().serverTime().minusSeconds(1);

        StartOutcome outcome = c.start(job.id(), false);
        assertThat(outcome).isInstanceOf(StartOutcome.Started.class);
        Session first = ((StartOutcome.Started) outcome).session();
        assertThat(first.jobId()).isEqualTo(job.id());
        assertThat(first.type()).isEqualTo(SessionType.BACKUP_JOB);
        assertThat(c.jobState(job.id()).orElseThrow().running()).isTrue();

        List<Session> seen = new CopyOnWriteArrayList<>();
        PollResult done = c.awaitStopped(first.id(), first, Instant.now().plusSeconds(30), (p, s) -> seen.add(s));
        assertThat(done.completed()).isTrue();
        Session end = done.session();
        assertThat(end.stopped()).isTrue();
        assertThat(end.result()).isEqualTo(SessionResult.SUCCESS);
        assertThat(end.endTime()).isNotNull();
        assertThat(end.progressPercent()).isEqualTo(100);
        assertThat(seen).extracting(Session::state).contains(SessionState.STOPPED);
        assertThat(seen.get(0).endTime()).isNull();

        assertThat(c.sessionLog(end.id())).isNotEmpty();
        List<RestorePoint> points = c.restorePointsCreatedAfter(job.id(), before);
        assertThat(points).isNotEmpty();
        assertThat(c.repository("Repositorio-CD-Local").orElseThrow().freeGB()).isLessThan(freeBefore);
        assertThat(c.sessions(job.id(), before)).extracting(Session::id).containsExactly(end.id());
    }

    @Test
    void warningAndFailureCarryTheirLogRecords() throws Exception {
        fx = SimulatorFixture.builder(dir).start();
        VeeamClient c = fx.client();
        fx.sim.admin().setBehaviour("FS-Expedientes", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: the file server fs-expedientes is not reachable",
                List.of(new Inventory.LogLine("Failed", "Cannot connect to fs-expedientes")), null, "Success"));
        JobResolution r = c.resolveJobs(List.of("FS-Expedientes", "BD-MySQL-Intranet"));
        Session failed = run(c, r.matched().get("FS-Expedientes").get(0));
        Session warned = run(c, r.matched().get("BD-MySQL-Intranet").get(0));

        assertThat(failed.result()).isEqualTo(SessionResult.FAILED);
        assertThat(failed.message()).contains("not reachable");
        assertThat(c.notableLogRecords(failed.id())).extracting(SessionLogRecord::status).contains(LogStatus.FAILED);
        assertThat(warned.result()).isEqualTo(SessionResult.WARNING);
        assertThat(c.notableLogRecords(warned.id())).extracting(SessionLogRecord::title)
                .anyMatch(t -> t.contains("MySQL"));

        // 1.3: retry the failed job
        assertThat(c.supportsRetry()).isTrue();
        StartOutcome retried = c.retry(r.matched().get("FS-Expedientes").get(0).id());
        Session again = ((StartOutcome.Started) retried).session();
        PollResult p = c.awaitStopped(again.id(), again, Instant.now().plusSeconds(30), SessionListener.NONE);
        assertThat(p.session().result()).isEqualTo(SessionResult.SUCCESS);
    }

    @Test
    void retryIsNotOfferedOn12() throws Exception {
        fx = SimulatorFixture.builder(dir).apiVersion("1.2-rev1").start();
        VeeamClient c = fx.client();
        assertThat(c.supportsRetry()).isFalse();
        assertThatThrownBy(() -> c.retry("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(VeeamException.class).hasMessageContaining("start the job again");
        assertThat(fx.count("POST /api/v1/jobs/{id}/retry")).isZero();
    }

    @Test
    void startingARunningJobIsRefusedAndAStopEndsIt() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(5).start();
        VeeamClient c = fx.client();
        VeeamJob job = c.resolveJobs(List.of("BD-PostgreSQL-Portal")).jobs().get(0);
        Session s = ((StartOutcome.Started) c.start(job.id(), true)).session();
        assertThatThrownBy(() -> c.start(job.id(), false)).isInstanceOf(VeeamApiException.class)
                .satisfies(e -> assertThat(((VeeamApiException) e).status()).isEqualTo(400));
        assertThat(fx.count("POST /api/v1/jobs/{id}/start")).isEqualTo(2);

        Session stopping = c.stop(job.id(), true);
        assertThat(stopping.id()).isEqualTo(s.id());
        assertThat(stopping.state()).isIn(SessionState.STOPPING, SessionState.STOPPED);
        PollResult p = c.awaitStopped(s.id(), null, Instant.now().plusSeconds(20), SessionListener.NONE);
        assertThat(p.completed()).isTrue();
        assertThat(p.session().stopped()).isTrue();
        assertThat(p.session().canceled()).isTrue();
    }

    @Test
    void pollingStopsAtTheDeadline() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(1).start();
        VeeamClient c = fx.client();
        VeeamJob job = c.resolveJobs(List.of("FS-Expedientes")).jobs().get(0);
        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusMillis(600), SessionListener.NONE);
        assertThat(p.completed()).isFalse();
        assertThat(p.session().stopped()).isFalse();
        c.stop(job.id(), true);
    }

    @Test
    void tokenExpiresAndIsRefreshedDuringALongPoll() throws Exception {
        fx = SimulatorFixture.builder(dir).tokenTtl(Duration.ofSeconds(1)).timeScale(15).pollInterval(Duration.ofMillis(150))
                .start();
        VeeamClient c = fx.client();
        VeeamJob job = c.resolveJobs(List.of("BD-PostgreSQL-Portal")).jobs().get(0); // 25 s / 15 = ~1.7 s
        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(20), SessionListener.NONE);
        assertThat(p.session().result()).isEqualTo(SessionResult.SUCCESS);

        List<String> grants = fx.grants();
        assertThat(grants.get(0)).isEqualTo("password");
        assertThat(grants.subList(1, grants.size())).isNotEmpty().containsOnly("refresh_token");
        // renewed before expiry: the server never had to refuse a token
        assertThat(fx.responsesWithStatus(401)).isZero();
    }

    @Test
    void anOutageOfTheTokenEndpointDoesNotEndALongPoll() throws Exception {
        fx = SimulatorFixture.builder(dir).tokenTtl(Duration.ofSeconds(1)).timeScale(10).pollInterval(Duration.ofMillis(150))
                .start();
        VeeamClient c = fx.client();
        VeeamJob job = c.resolveJobs(List.of("BD-PostgreSQL-Portal")).jobs().get(0); // 25 s / 10 = 2.5 s
        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        fx.sim.admin().addFault(Fault.serverErrors("POST /api/oauth2/token", 6));
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(20), SessionListener.NONE);
        assertThat(p.completed()).isTrue();
        assertThat(p.session().result()).isEqualTo(SessionResult.SUCCESS);
        assertThat(fx.count("POST /api/oauth2/token")).isGreaterThan(6);
    }

    @Test
    void refusedRefreshFallsBackToThePasswordGrant() throws Exception {
        fx = SimulatorFixture.builder(dir).start();
        VeeamClient c = fx.client();
        c.login();
        fx.sim.admin().expireTokens();
        fx.sim.admin().refuseNextRefreshes(1);
        assertThat(c.jobs()).hasSize(7);
        assertThat(fx.grants()).containsExactly("password", "refresh_token", "password");

        // a revoked session: the refresh token is dead too
        fx.sim.admin().revokeTokens();
        assertThat(c.repositories()).hasSize(2);
        assertThat(fx.grants()).containsExactly("password", "refresh_token", "password", "refresh_token", "password");
    }

    @Test
    void emptyBody401IsAnExpiredToken() throws Exception {
        fx = SimulatorFixture.builder(dir).start();
        VeeamClient c = fx.client();
        c.login();
        fx.sim.admin().addFault(Fault.unauthorizedEmpty("GET /api/v1/backupInfrastructure/repositories/states", 1));
        assertThat(c.repositories()).hasSize(2);
        assertThat(fx.grants()).containsExactly("password", "refresh_token");
    }

    @Test
    void serverErrorBurstsAndDroppedConnectionsAreRidden() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(50).start();
        VeeamClient c = fx.client();
        fx.sim.admin().addFault(Fault.serverErrors("GET /api/v1/jobs", 2));
        fx.sim.admin().addFault(Fault.dropConnections("GET /api/v1/backupInfrastructure/repositories/states", 2));
        VeeamJob job = c.resolveJobs(List.of("BD-MySQL-Intranet")).jobs().get(0);
        assertThat(c.repositories()).hasSize(2);

        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        fx.sim.admin().addFault(Fault.serverErrors("GET /api/v1/sessions/{id}", 3));
        fx.sim.admin().addFault(Fault.dropConnections("GET /api/v1/sessions/{id}", 2));
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(30), SessionListener.NONE);
        assertThat(p.completed()).isTrue();
        assertThat(p.session().result()).isEqualTo(SessionResult.WARNING);

        // a longer outage than the retries allow: a clear error, no endless loop
        fx.sim.admin().addFault(Fault.serverErrors("GET /api/v1/jobs", 10));
        assertThatThrownBy(c::jobs).isInstanceOf(VeeamUnavailableException.class)
                .hasMessageContaining("after 4 attempts").hasMessageContaining("HTTP 500");
        fx.sim.admin().clearFaults();
    }

    @Test
    void retriesAndPollsWaitThroughTheInjectedSleeper() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(50).start();
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        fx.servers.sleeper(pauses::add); // records each pause instead of waiting it
        VeeamClient c = fx.client();
        fx.sim.admin().addFault(Fault.serverErrors("GET /api/v1/jobs", 2));
        assertThat(c.jobs()).isNotEmpty();
        Duration first = fx.settings.retryBackoff();
        assertThat(pauses).as("two failed attempts, two back-offs").containsExactly(first,
                first.multipliedBy(2).compareTo(fx.settings.maxBackoff()) > 0 ? fx.settings.maxBackoff() : first.multipliedBy(2));

        pauses.clear();
        VeeamJob job = c.resolveJobs(List.of("BD-MySQL-Intranet")).jobs().get(0);
        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(30), SessionListener.NONE);
        assertThat(p.completed()).isTrue();
        assertThat(pauses).as("one pause of poll-interval before each poll").isNotEmpty()
                .allSatisfy(d -> assertThat(d).isEqualTo(fx.settings.pollInterval()));
    }

    @Test
    void aStartWhoseAnswerIsLostIsCheckedNotRepeatedBlindly() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(1).responseTimeout(Duration.ofMillis(700)).start();
        VeeamClient c = fx.client();
        JobResolution r = c.resolveJobs(List.of("BD-SQLServer-Produccion", "BD-Oracle-SIAF", "FS-Expedientes"));

        // dropped connection: nothing was started, so after checking the client starts once more
        VeeamJob sql = r.matched().get("BD-SQLServer-Produccion").get(0);
        fx.sim.admin().addFault(Fault.dropConnections("POST /api/v1/jobs/{id}/start", 1));
        assertThat(c.start(sql.id(), false)).isInstanceOf(StartOutcome.Started.class);

        // 500: same
        VeeamJob oracle = r.matched().get("BD-Oracle-SIAF").get(0);
        fx.sim.admin().addFault(Fault.serverErrors("POST /api/v1/jobs/{id}/start", 1));
        assertThat(c.start(oracle.id(), false)).isInstanceOf(StartOutcome.Started.class);

        // the answer comes too late (the server starts the job after the client gave up waiting)
        VeeamJob fs = r.matched().get("FS-Expedientes").get(0);
        fx.sim.admin().addFault(Fault.latency("POST /api/v1/jobs/{id}/start", 1200, 1));
        assertThat(c.start(fs.id(), false)).isInstanceOf(StartOutcome.Started.class);
        Thread.sleep(800);

        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        for (VeeamJob j : List.of(sql, oracle, fs)) {
            assertThat(c.sessions(j.id(), since)).as("sessions of %s", j.name()).hasSize(1);
            c.stop(j.id(), false);
        }
    }

    @Test
    void nothingToProcessOn13rev2() throws Exception {
        Path inventory = Path.of(getClass().getResource("/veeam/rev2-inventory.yaml").toURI());
        fx = SimulatorFixture.builder(dir).apiVersion("1.3-rev2").accepted(java.util.Set.of("1.3-rev2"))
                .inventory(inventory).start();
        VeeamClient c = fx.client();
        JobResolution r = c.resolveJobs(List.of("BD-Vacio", "BD-Lleno"));
        assertThat(c.start(r.matched().get("BD-Vacio").get(0).id(), false))
                .isEqualTo(new StartOutcome.NothingToProcess(r.matched().get("BD-Vacio").get(0).id()));
        assertThat(c.start(r.matched().get("BD-Lleno").get(0).id(), false)).isInstanceOf(StartOutcome.Started.class);
    }

    @Test
    void severalParallelPollsShareOneToken() throws Exception {
        fx = SimulatorFixture.builder(dir).timeScale(40).pollInterval(Duration.ofMillis(200)).start();
        VeeamClient c = fx.client();
        List<VeeamJob> jobs = c.jobs();
        List<Thread> threads = new java.util.ArrayList<>();
        List<SessionResult> results = new CopyOnWriteArrayList<>();
        for (VeeamJob j : jobs) {
            Thread t = new Thread(() -> {
                try {
                    Session s = ((StartOutcome.Started) c.start(j.id(), false)).session();
                    results.add(c.awaitStopped(s.id(), s, Instant.now().plusSeconds(30), SessionListener.NONE)
                            .session().result());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(40_000);
        }
        assertThat(results).hasSize(7).doesNotContain(SessionResult.FAILED, SessionResult.NONE);
        assertThat(fx.grants()).containsExactly("password");
    }

    @Test
    void wrongPasswordSaysWhatToCheckWithoutTheSecret() throws Exception {
        fx = SimulatorFixture.builder(dir).password("wrong-password-123").start();
        assertThatThrownBy(() -> fx.client().jobs()).isInstanceOf(VeeamAuthenticationException.class)
                .hasMessageContaining("RESPALDO_VEEAM_SIM_PASSWORD").hasMessageContaining("'respaldo'")
                .hasMessageNotContaining("wrong-password-123");
    }

    @Test
    void closingLogsOut() throws Exception {
        fx = SimulatorFixture.builder(dir).start();
        fx.client().login();
        fx.servers.close();
        assertThat(fx.count("POST /api/oauth2/logout")).isEqualTo(1);
        assertThatThrownBy(() -> fx.servers.client("sim")).isInstanceOf(VeeamException.class);
    }

    private static Session run(VeeamClient c, VeeamJob job) throws InterruptedException {
        Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
        return c.awaitStopped(s.id(), s, Instant.now().plusSeconds(30), SessionListener.NONE).session();
    }
}
