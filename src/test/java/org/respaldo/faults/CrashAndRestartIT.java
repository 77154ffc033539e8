package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * Respaldo killed with kill -9 in the middle of a run, and stopped with SIGTERM in the middle of
 * another: at the next start each run resumes under the same id, every Veeam job is started once
 * (a start whose answer was lost with the process is found again, not repeated), and the Director
 * gets one conclusion mail. The simulator runs in its own process, so its sessions go on meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashAndRestartIT {

    /** Kept after the run: each process's log is there (respaldo-N.log). */
    final Path dir = Path.of("target/it/crash-and-restart");

    SimProcess sim;
    GreenMail mail;
    int smtp = Ports.free();
    int imap = Ports.free();

    @BeforeAll
    void start() {
        ScheduleFiles.deleteTree(dir);
        sim = SimProcess.start(dir.resolve("sim"), 1, null);
        mail = Mailboxes.start(smtp, imap);
    }

    @AfterAll
    void stop() {
        mail.stop();
        sim.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void killedTwiceInTheMiddleOfARunItResumesUnderTheSameIdAndStartsEachJobOnce(String db) throws Exception {
        long startsBefore = sim.count(FaultFixture.START);
        sim.behaviour("BD-Oracle-SIAF", "{\"outcome\":\"Success\",\"duration\":\"14s\"}");
        sim.behaviour("BD-PostgreSQL-Portal", "{\"outcome\":\"Success\",\"duration\":\"3s\"}");
        try (FaultFixture f = new FaultFixture(dir.resolve("kill-" + db), db, sim, mail, smtp, imap)) {
            Map<String, String> oneAtATime = Map.of("respaldo.run.max-parallel-jobs", "1");
            f.start(oneAtATime);
            String id = "muerte-" + db;
            f.register(id, ScheduleFiles.firingAt(id, FaultFixture.in(Duration.ofSeconds(6)), "[BD-Oracle-SIAF, BD-PostgreSQL-Portal]",
                    ""));
            String runId = f.awaitRun(id, "RUNNING");
            Eventually.await(Duration.ofSeconds(30), "the first job running in Veeam",
                    () -> sim.count(FaultFixture.START) == startsBefore + 1);
            Thread.sleep(1500);
            f.app.kill9();

            // restart: the first job is re-attached; the second one's start is slowed down and the process killed again
            // while that start is in flight (its answer is lost with the process)
            f.start(oneAtATime);
            sim.admin("POST", "/admin/faults", "{\"kind\":\"LATENCY\",\"endpoint\":\"" + FaultFixture.START
                    + "\",\"times\":1,\"latencyMs\":6000}");
            Eventually.await(Duration.ofSeconds(40), "the first job done", () -> "DONE".equals(f.run(runId).at("/jobs/0/state").asText()));
            Thread.sleep(2000);
            f.app.kill9();

            f.start(oneAtATime);
            JsonNode run = f.awaitConcluded(runId, Duration.ofSeconds(60));
            assertThat(f.runs(id)).as("one run, the same one, for the one fire").hasSize(1);
            assertThat(run.get("id").asText()).isEqualTo(runId);
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(run.get("jobs")).extracting(j -> j.get("result").asText()).containsExactly("SUCCESS", "SUCCESS");
            assertThat(sim.count(FaultFixture.START) - startsBefore).as("each job started once in Veeam").isEqualTo(2);
            assertThat(run.get("stages")).extracting(s -> s.get("name").asText() + ":" + s.get("outcome").asText())
                    .filteredOn(s -> s.startsWith("recovery")).hasSize(2).allMatch(s -> s.equals("recovery:RESUMED"));
            assertThat(run.get("stages").toString()).contains("interrupción");
            Eventually.await(Duration.ofSeconds(10), "the conclusion mail", () -> f.mails(runId, "succeeded").size() == 2);
            f.assertOneMail(runId, "succeeded", 2);
            f.assertOneMail(runId, "started", 1);
        } finally {
            sim.clearFaults();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aSigtermDuringARunStopsCleanlyAndTheRunResumesAtTheNextStart(String db) throws Exception {
        long startsBefore = sim.count(FaultFixture.START);
        sim.behaviour("FS-Expedientes", "{\"outcome\":\"Success\",\"duration\":\"12s\"}");
        try (FaultFixture f = new FaultFixture(dir.resolve("term-" + db), db, sim, mail, smtp, imap)) {
            f.start();
            String id = "parada-" + db;
            f.register(id, ScheduleFiles.firingAt(id, FaultFixture.in(Duration.ofSeconds(6)), "[FS-Expedientes]", "")
                    .replace("Repositorio-CD-Local, path: 'D:\\Backups'", "Repositorio-CD-Secundario, path: 'E:\\Backups'"));
            String runId = f.awaitRun(id, "RUNNING");
            Eventually.await(Duration.ofSeconds(30), "the job running in Veeam", () -> sim.count(FaultFixture.START) == startsBefore + 1);
            long t0 = System.nanoTime();
            int code = f.app.stop(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String log = f.app.log();
            assertThat(took).as("within camel.main.shutdown-timeout").isLessThan(Duration.ofSeconds(16));
            assertThat(code).as("a normal stop").isIn(0, 130, 143);
            String afterStop = log.substring(Math.max(0, log.lastIndexOf("Apache Camel") - 2000));
            assertThat(afterStop).as("no stack trace on a normal stop").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(log).contains("se reanudarán al iniciar");

            f.start();
            JsonNode run = f.awaitConcluded(runId, Duration.ofSeconds(60));
            assertThat(f.runs(id)).hasSize(1);
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.count(FaultFixture.START) - startsBefore).isEqualTo(1);
            assertThat(run.get("stages").toString()).contains("recovery");
            Eventually.await(Duration.ofSeconds(10), "the conclusion mail", () -> f.mails(runId, "succeeded").size() == 2);
            f.assertOneMail(runId, "succeeded", 2);
        }
    }

    /**
     * PostgreSQL only: H2 writes its commits to disk in the background (every WRITE_DELAY, 500 ms, or once enough
     * changes piled up), so a kill -9 may lose the last ones. Seen on 2026-12-02 with this test on H2: the version
     * (first transaction) was there after the restart, the Quartz trigger written a millisecond later was not, and the
     * start registered it anew (what load() does for a missing trigger). Production runs on PostgreSQL.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql"})
    void aFileArchivedJustBeforeAKill9IsRegisteredAfterTheRestartAndItsOwnerIsMailed(String db) throws Exception {
        try (FaultFixture f = new FaultFixture(dir.resolve("archived-" + db), db, sim, mail, smtp, imap)) {
            f.start();
            String id = "recien-" + db;
            Path accepted = f.inbox().resolve(".accepted").resolve(id);
            ScheduleFiles.drop(f.inbox(), id + ".yaml", ScheduleFiles.nightly(id, "Recién aceptada"));
            // the file is moved to .accepted once its version is committed: the process dies at once after that
            Eventually.await(Duration.ofSeconds(30), Duration.ofMillis(2), "the file archived", () -> {
                try (var files = java.nio.file.Files.list(accepted)) {
                    return files.findAny().isPresent();
                } catch (java.io.IOException e) {
                    return false; // not there yet
                }
            });
            f.app.kill9();

            f.start();
            assertThat(org.respaldo.testing.Http.get(f.app.url("/api/schedules/" + id)).status()).as("the archived file's version, after kill -9")
                    .isEqualTo(200);
            Eventually.await(Duration.ofSeconds(30), "the acceptance mail", () -> java.util.Arrays.stream(mail.getReceivedMessages())
                    .anyMatch(m -> header(m, "X-Respaldo-Schedule").equals(id) && header(m, "X-Respaldo-Event").equals("accepted")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql"})
    void aMailBeingSentWhenTheProcessIsKilledGoesOutAtTheRestartWithoutWaitingForItsLease(String db) throws Exception {
        // an SMTP server that takes the connection and never answers: the acceptance mail stays claimed while it waits
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                FaultFixture f = new FaultFixture(dir.resolve("sending-" + db), db, sim, mail, smtp, imap)) {
            f.start(Map.of("respaldo.mail.port", String.valueOf(silent.getLocalPort())));
            String id = "enviando-" + db;
            ScheduleFiles.drop(f.inbox(), id + ".yaml", ScheduleFiles.nightly(id, "Correo en curso"));
            silent.setSoTimeout(30_000);
            try (java.net.Socket sending = silent.accept()) {
                f.app.kill9(); // the mail's claim (a lease of 90 s with the default 30 s SMTP timeout) is left behind
            }

            f.start();
            Eventually.await(Duration.ofSeconds(30), "the acceptance mail, well within the dead process's lease",
                    () -> java.util.Arrays.stream(mail.getReceivedMessages())
                            .anyMatch(m -> header(m, "X-Respaldo-Schedule").equals(id) && header(m, "X-Respaldo-Event").equals("accepted")));
            assertThat(f.app.log()).as("the restarted node says what it took back").contains("1 mail(s) this node's previous process");
        }
    }

    private static String header(jakarta.mail.internet.MimeMessage m, String name) {
        try {
            String[] v = m.getHeader(name);
            return v == null ? "" : v[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
