package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.outbox.Outbox;
import org.respaldo.sim.Fault;
import org.respaldo.sim.Inventory;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.ScheduleFiles;

/**
 * The run engine with time injected (see {@link EngineHarness}) against a real simulator over
 * HTTPS: the waits that take minutes in production (a retry delay, Veeam unreachable at fire
 * time, a database that refuses writes for a moment) take milliseconds, and what is checked is
 * what the Director would read: the run's result, its jobs, its stages and its mails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEngineTest {

    static final String START = "POST /api/v1/jobs/{id}/start";
    static final String RETRY = "POST /api/v1/jobs/{id}/retry";
    static final String TOKEN = "POST /api/oauth2/token";

    VeeamSimulator sim;
    Path simDir;

    @TempDir
    Path dir;

    EngineHarness h;

    @BeforeAll
    void simulator() throws Exception {
        simDir = Files.createTempDirectory("engine-sim");
        sim = VeeamSimulator.start(SimulatorOptions.defaults(simDir).withPort(0).withTimeScale(200));
    }

    @AfterAll
    void stopSimulator() {
        sim.close();
        ScheduleFiles.deleteTree(simDir);
    }

    @BeforeEach
    void harness() throws Exception {
        sim.admin().clearFaults();
        sim.admin().clearRequests();
        h = new EngineHarness(dir, sim, Instant.now().truncatedTo(ChronoUnit.MILLIS), Duration.ofMinutes(15));
    }

    @AfterEach
    void close() throws Exception {
        FailingWrites.refused.clear();
        sim.admin().clearFaults();
        h.close();
    }

    /** A schedule whose window is open now (the fake clock's now) for the next three hours. */
    private String schedule(String id, String jobs, String extra) {
        ZonedDateTime now = h.clock.instant().atZone(EngineHarness.GT);
        return """
                version: 1
                id: %s
                title: Prueba %s
                owner: director@mineco.gob.gt
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {jobs: %s}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.gob.gt, technicians: [tecnico1@mineco.gob.gt]}
                %s""".formatted(id, id, now.getHour(), now.getHour(), (now.getHour() + 3) % 24, jobs, extra);
    }

    private boolean concluding(String runId) {
        Run.Status s = h.run(runId).status();
        return s == Run.Status.NOTIFYING || s == Run.Status.CONCLUDED;
    }

    @Test
    void aFailedJobWaitsForItsRetryWithoutASlotAndTheRetrySucceeds() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-SQLServer-Produccion");
        sim.admin().setBehaviour("BD-SQLServer-Produccion", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: el agente no respondió", List.of(), null, "Success"));
        try {
            h.accept(schedule("reintento", "[BD-SQLServer-Produccion]", "retry: {attempts: 1, delay: PT15M}\n"));
            String id = h.fire("reintento");
            h.runUntil(() -> h.run(id).jobs().get(0).state() == Run.JobState.RETRY_WAIT, Duration.ofMinutes(2));
            Run waiting = h.run(id);
            assertThat(waiting.status()).isEqualTo(Run.Status.RUNNING);
            assertThat(waiting.jobs().get(0).result()).isEqualTo(Run.JobResult.FAILED);
            assertThat(h.runs.slotsInUse("principal")).as("a job waiting for its retry holds no slot").isZero();
            Instant failedAt = h.clock.instant();

            h.runUntil(() -> concluding(id), Duration.ofMinutes(30));
            Run r = h.run(id);
            assertThat(r.result()).isEqualTo(Run.Result.SUCCESS);
            assertThat(r.jobs().get(0).attempts()).isEqualTo(2);
            assertThat(r.jobs().get(0).result()).isEqualTo(Run.JobResult.SUCCESS);
            assertThat(h.clock.instant()).as("the retry came after its delay").isAfterOrEqualTo(failedAt.plus(Duration.ofMinutes(15)));
            assertThat(sim.admin().count(START)).as("the first attempt").isEqualTo(1);
            assertThat(sim.admin().count(RETRY)).as("Veeam's retry on 1.3").isEqualTo(1);
            assertThat(h.outbox.forRun(id)).extracting(Outbox.Entry::event).containsExactly("started", "succeeded");
        } finally {
            sim.admin().setBehaviour("BD-SQLServer-Produccion", before);
        }
    }

    @Test
    void veeamRefusingTheLoginAtFireTimeIsWaitedForAndTheRunGoesOnWhenItAnswers() throws Exception {
        h.accept(schedule("espera", "[BD-PostgreSQL-Portal]", ""));
        sim.admin().revokeTokens();
        sim.admin().addFault(Fault.serverErrors(TOKEN, -1));
        String id = h.fire("espera");
        h.runUntil(() -> sim.admin().count(TOKEN) >= 3, Duration.ofMinutes(5));
        Run waiting = h.run(id);
        assertThat(waiting.status()).isEqualTo(Run.Status.RUNNING);
        assertThat(waiting.stages().get(0).outcome()).isEqualTo("WAITING");
        assertThat(waiting.stages().get(0).detail()).contains("Veeam no responde: ", "(intento ");
        sim.admin().clearFaults();
        h.runUntil(() -> concluding(id), Duration.ofMinutes(10));
        Run r = h.run(id);
        assertThat(r.result()).isEqualTo(Run.Result.SUCCESS);
        assertThat(r.stages().get(0).name() + ":" + r.stages().get(0).outcome()).isEqualTo("availability:OK");
    }

    @Test
    void aLoginRefusedByVeeamIsReportedAsSuchNotAsNoAnswer() throws Exception {
        h.accept(schedule("sin-clave", "[BD-PostgreSQL-Portal]", ""));
        sim.admin().revokeTokens();
        sim.admin().addFault(Fault.unauthorizedEmpty(TOKEN, -1));
        String id = h.fire("sin-clave");
        h.runUntil(() -> h.run(id).stages().stream().anyMatch(x -> "WAITING".equals(x.outcome())), Duration.ofMinutes(5));
        assertThat(h.run(id).stages().get(0).detail()).contains("Veeam rechaza el inicio de sesión: ", "(intento 1)")
                .doesNotContain("no responde");
        h.runUntil(() -> concluding(id), Duration.ofMinutes(30));
        Run r = h.run(id);
        assertThat(r.result()).isEqualTo(Run.Result.SKIPPED);
        assertThat(r.reasons().toString()).contains("el servidor Veeam 'principal' rechaza el inicio de sesión: ", "refused the login")
                .contains("RESPALDO_VEEAM_")
                .doesNotContain("did not answer");
    }

    @Test
    void veeamThatNeverAnswersWithinVeeamWaitSkipsTheRunWithTheReason() throws Exception {
        h.accept(schedule("sin-veeam", "[BD-PostgreSQL-Portal]", ""));
        sim.admin().revokeTokens();
        sim.admin().addFault(Fault.serverErrors(TOKEN, -1));
        Instant fired = h.clock.instant();
        String id = h.fire("sin-veeam");
        h.runUntil(() -> concluding(id), Duration.ofMinutes(30));
        Run r = h.run(id);
        assertThat(r.result()).isEqualTo(Run.Result.SKIPPED);
        assertThat(r.reasons().toString()).contains("el servidor Veeam 'principal' no responde: ", "HTTP 500");
        assertThat(r.endedAt()).as("given up after respaldo.run.veeam-wait").isBetween(fired.plus(Duration.ofMinutes(12)),
                fired.plus(Duration.ofMinutes(16)));
        assertThat(sim.admin().count(TOKEN)).isGreaterThanOrEqualTo(5);
        assertThat(h.outbox.forRun(id)).extracting(Outbox.Entry::event).containsExactly("skipped");
    }

    @Test
    void progressEventsThatCannotBeWrittenNeverAbandonTheJob() throws Exception {
        try (Connection c = h.db.dataSource().getConnection()) {
            FailingWrites.install(c, "RUN_JOB_EVENT");
        }
        h.accept(schedule("eventos", "[BD-PostgreSQL-Portal]", ""));
        FailingWrites.refused.add("RUN_JOB_EVENT");
        String id = h.fire("eventos");
        h.runUntil(() -> h.run(id).jobs().stream().anyMatch(j -> j.state() == Run.JobState.RUNNING), Duration.ofMinutes(1));
        h.runUntil(() -> h.run(id).jobs().get(0).progress() != null && h.run(id).jobs().get(0).progress() > 0,
                Duration.ofMinutes(5));
        assertThat(h.runs.jobEvents(id)).as("nothing could be written").isEmpty();
        FailingWrites.refused.clear();
        h.runUntil(() -> concluding(id), Duration.ofMinutes(10));
        Run r = h.run(id);
        assertThat(r.result()).isEqualTo(Run.Result.SUCCESS);
        assertThat(r.jobs().get(0).result()).isEqualTo(Run.JobResult.SUCCESS);
        assertThat(h.runs.jobEvents(id)).as("the events kept in memory are written once the database accepts them")
                .anyMatch(e -> e.startsWith("BD-PostgreSQL-Portal|"));
    }

    @Test
    void aDatabaseThatRefusesWritesDuringAStageEndsTheRunFailedNamingTheStageAndTheDirectorIsMailed() throws Exception {
        try (Connection c = h.db.dataSource().getConnection()) {
            FailingWrites.install(c, "RUN_JOB");
        }
        h.accept(schedule("etapa", "[BD-PostgreSQL-Portal]", ""));
        FailingWrites.refused.add("RUN_JOB");
        String id = h.fire("etapa");
        h.runUntil(() -> concluding(id), Duration.ofMinutes(5));
        FailingWrites.refused.clear();
        Run r = h.run(id);
        assertThat(r.result()).isEqualTo(Run.Result.FAILED);
        assertThat(r.reasons().toString()).contains("la etapa «availability» falló").contains("RUN_JOB");
        assertThat(sim.admin().count(START)).as("no job was started").isZero();
        assertThat(h.outbox.forRun(id)).extracting(Outbox.Entry::event).contains("failed");
        assertThat(h.outbox.forRun(id).stream().filter(Outbox.Entry::concludesRun).count()).isEqualTo(1);
    }

    @Test
    void allJobsOfAServerWithNoEnabledJobResolvesNothingAndFailsWithThatReason() throws Exception {
        Path inventory = dir.resolve("solo-deshabilitados.yaml");
        Files.writeString(inventory, """
                server: {name: VBR-VACIO, timeZone: America/Guatemala}
                users:
                  - {username: respaldo, password: respaldo-demo}
                repositories:
                  - {name: Repositorio-CD-Local, type: WinLocal, description: local, hostName: srv01, path: 'D:\\Backups',
                     capacityGB: 1000, freeGB: 500}
                jobs:
                  - name: BD-Apagado
                    type: VSphereBackup
                    description: deshabilitado
                    repository: Repositorio-CD-Local
                    disabled: true
                    objects: [{name: srv-x, hostName: vc01, sizeGB: 10}]
                    behaviour: {outcome: Success, duration: 10s}
                """);
        Path otherDir = Files.createTempDirectory("engine-sim-empty");
        try (VeeamSimulator empty = VeeamSimulator.start(SimulatorOptions.defaults(otherDir).withPort(0).withInventory(inventory));
                EngineHarness other = new EngineHarness(dir.resolve("otro"), empty, h.clock.instant(), Duration.ofMinutes(15))) {
            ZonedDateTime now = other.clock.instant().atZone(EngineHarness.GT);
            other.accept(schedule("todos", "[BD-Apagado]", "").replace("veeam: {jobs: [BD-Apagado]}", "veeam: {all: true}"));
            String id = other.fire("todos");
            other.runUntil(() -> {
                Run.Status st = other.run(id).status();
                return st == Run.Status.NOTIFYING || st == Run.Status.CONCLUDED;
            }, Duration.ofMinutes(5));
            Run r = other.run(id);
            assertThat(r.result()).as("not a success with 0 jobs").isEqualTo(Run.Result.FAILED);
            assertThat(r.reasons().get(0)).contains("no tiene ningún trabajo de backup habilitado");
            assertThat(r.jobs()).isEmpty();
            assertThat(now).isNotNull();
        } finally {
            ScheduleFiles.deleteTree(otherDir);
        }
    }

    @Test
    void missedFiresWithMisfireRunGiveOneLateRunWhileTheWindowIsOpenAndTheOthersAreMissed() throws Exception {
        h.accept(schedule("perdida", "[BD-PostgreSQL-Portal]", ""));
        Instant now = h.clock.instant();
        List<Instant> missed = List.of(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), now.minusSeconds(120));
        h.engine.missed("perdida", 1, missed);
        h.settle();
        List<Run> all = h.runs.list("perdida", 10);
        assertThat(all).hasSize(3);
        assertThat(all.stream().filter(r -> r.result() == Run.Result.MISSED)).hasSize(2);
        Run late = all.stream().filter(r -> r.trigger() == Run.Trigger.MISSED).findFirst().orElseThrow();
        assertThat(late.scheduledFireTime()).isEqualTo(missed.get(2));
        h.runUntil(() -> concluding(late.id()), Duration.ofMinutes(5));
        assertThat(h.run(late.id()).result()).isEqualTo(Run.Result.SUCCESS);
        for (Run r : all) {
            if (r.result() == Run.Result.MISSED) {
                assertThat(h.outbox.forRun(r.id())).extracting(Outbox.Entry::event).containsExactly("missed");
                assertThat(r.reasons().get(0)).contains("no pudo disparar");
            }
        }
        h.engine.missed("perdida", 1, missed);
        h.settle();
        assertThat(h.runs.list("perdida", 10)).as("a missed fire time is recorded once").hasSize(3);
    }

    @Test
    void missedFiresWithMisfireSkipAreAllMissedAndNoJobStarts() throws Exception {
        h.accept(schedule("perdida-skip", "[BD-PostgreSQL-Portal]", "misfire: skip\n"));
        Instant now = h.clock.instant();
        h.engine.missed("perdida-skip", 1, List.of(now.minusSeconds(300), now.minusSeconds(120)));
        h.settle();
        List<Run> all = h.runs.list("perdida-skip", 10);
        assertThat(all).hasSize(2).allMatch(r -> r.result() == Run.Result.MISSED && r.status() == Run.Status.NOTIFYING);
        assertThat(all.get(0).reasons().get(0)).contains("misfire: skip");
        assertThat(sim.admin().count(START)).isZero();
    }
}
