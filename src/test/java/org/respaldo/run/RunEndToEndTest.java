package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.Inventory;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.run.RunEngine;
import org.respaldo.testing.Ports;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * Whole runs: Respaldo (real routes, H2, Quartz) drives the Veeam simulator over HTTPS with
 * its certificate trusted explicitly. Each test registers a schedule through the inbox, hands
 * a fire to the run pipeline and checks what the Director and the technician would check:
 * the run history, the report file and what Veeam received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEndToEndTest {

    static final Path DATA = Path.of("target/it/runs");
    static final int PORT = Ports.free();
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final String START = "POST /api/v1/jobs/{id}/start";
    static final String STOP = "POST /api/v1/jobs/{id}/stop";

    static final int SMTP = Ports.free();
    static final int IMAP = Ports.free();

    VeeamSimulator sim;
    RespaldoApp app;
    RunStore runs;
    GreenMail mail;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        mail = Mailboxes.start(SMTP, IMAP);
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0).withTimeScale(20));
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.veeam.principal.poll-interval-ms", "200");
        props.put("respaldo.veeam.caido.url", "https://127.0.0.1:9");
        props.put("respaldo.veeam.caido.username", "respaldo");
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(SMTP));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.retry.initial-delay", "PT1S");
        props.put("respaldo.mail.retry.max-delay", "PT2S");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        props.put("respaldo.run.veeam-wait", "PT4S");
        props.put("respaldo.run.veeam-retry.initial-delay", "PT1S");
        props.put("respaldo.run.veeam-retry.max-delay", "PT1S");
        props.put("respaldo.veeam.retry-attempts", "2");
        app = RespaldoApp.start(DATA.resolve("app"), PORT, props);
        runs = app.bean("runStore", RunStore.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @BeforeEach
    void resetSimulator() {
        sim.admin().clearFaults();
        sim.admin().clearRequests();
    }

    @Test
    void allJobsSucceed() throws Exception {
        register("exito", "[BD-SQLServer-Produccion, BD-Oracle-SIAF]", "");
        JsonNode run = runNow("exito");

        assertThat(run.get("status").asText()).isEqualTo("CONCLUDED");
        assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(run.get("reasons")).isEmpty();
        assertThat(run.get("jobs")).extracting(j -> j.get("name").asText())
                .containsExactly("BD-SQLServer-Produccion", "BD-Oracle-SIAF");
        for (JsonNode job : run.get("jobs")) {
            assertThat(job.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(job.get("sessionId").asText()).isNotBlank();
            assertThat(job.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(job.get("endedAt").asText())).isAfter(Instant.parse(job.get("startedAt").asText()));
        }
        assertThat(run.get("stages")).extracting(s -> s.get("name").asText() + ":" + s.get("outcome").asText())
                .containsExactly("availability:OK", "instructions:NOTIFIED", "storage:OK", "backup:SUCCESS", "conclusion:SUCCESS");
        assertThat(run.get("trigger").asText()).isEqualTo("schedule");
        assertThat(run.get("directorReached").asBoolean()).isTrue();
        assertThat(sim.admin().count(START)).as("exactly one start per job").isEqualTo(2);
        assertThat(sim.admin().count("POST /api/oauth2/token")).as("at most one login for the whole run (the token is shared)")
                .isLessThanOrEqualTo(1);

        JsonNode report = report("exito", run.get("id").asText());
        assertThat(report.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(Files.readAllBytes(DATA.resolve("app/reports/exito/" + run.get("id").asText() + ".json")))
                .as("the report file is byte for byte GET /api/runs/{id} of the concluded run")
                .isEqualTo(Http.get(app.url("/api/runs/" + run.get("id").asText())).body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(report.get("repository").asText()).isEqualTo("Repositorio-CD-Local");
        assertThat(report.get("jobs")).hasSize(2);
        assertThat(runs.jobEvents(run.get("id").asText())).anyMatch(e -> e.startsWith("BD-Oracle-SIAF|STOPPED|100"));

        String runId = run.get("id").asText();
        MimeMessage started = only(runMails(runId, "started"));
        assertThat(started.getAllRecipients()).extracting(Object::toString).containsExactly("tecnico1@mineco.local");
        assertThat(started.getSubject()).startsWith("[Respaldo]").contains("INICIO");
        assertThat(Mailboxes.part(started, "text/plain")).contains("Repositorio-CD-Local", "D:\\Backups", runId);

        MimeMessage done = only(runMails(runId, "succeeded"));
        assertThat(done.getAllRecipients()).extracting(Object::toString)
                .containsExactlyInAnyOrder("director@mineco.local", "tecnico1@mineco.local");
        assertThat(done.getSubject()).startsWith("[Respaldo]").contains("ÉXITO");
        assertThat(done.getHeader("X-Respaldo-Schedule")[0]).isEqualTo("exito");
        assertThat(Mailboxes.part(done, "text/html")).contains("BD-SQLServer-Produccion", "BD-Oracle-SIAF", runId);
        assertThat(Mailboxes.attachmentNames(done)).containsExactly(runId + ".json");
        assertThat(Mailboxes.imap(IMAP, "director@mineco.local")).as("the Director reads it over IMAP")
                .extracting(m -> m.getHeader("X-Respaldo-Run") == null ? "" : m.getHeader("X-Respaldo-Run")[0])
                .contains(runId);
    }

    @Test
    void aWarningJobMakesAWarningRun() throws Exception {
        register("advertencia", "[BD-MySQL-Intranet]", "");
        JsonNode run = runNow("advertencia");
        assertThat(run.get("result").asText()).isEqualTo("WARNING");
        assertThat(run.at("/jobs/0/result").asText()).isEqualTo("WARNING");
        assertThat(run.at("/jobs/0/logRecords").toString()).contains("Warning");
        assertThat(only(runMails(run.get("id").asText(), "warning")).getSubject()).contains("ADVERTENCIA");
    }

    @Test
    void aFailedJobMakesAFailedRun() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-PostgreSQL-Portal");
        sim.admin().setBehaviour("BD-PostgreSQL-Portal", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: disco lleno en el servidor de base de datos", List.of(new Inventory.LogLine("Failed", "Processing pg01 failed")),
                null, "Failed"));
        try {
            register("fallo", "[BD-PostgreSQL-Portal]", "");
            JsonNode run = runNow("fallo");
            assertThat(run.get("result").asText()).isEqualTo("FAILED");
            assertThat(run.at("/jobs/0/result").asText()).isEqualTo("FAILED");
            assertThat(run.at("/jobs/0/message").asText()).contains("disco lleno");
            assertThat(run.at("/jobs/0/logRecords").toString()).contains("Processing pg01 failed");
            MimeMessage failed = only(runMails(run.get("id").asText(), "failed"));
            assertThat(failed.getSubject()).contains("FALLO");
            assertThat(Mailboxes.part(failed, "text/plain")).contains("disco lleno");
        } finally {
            sim.admin().setBehaviour("BD-PostgreSQL-Portal", before);
        }
    }

    @Test
    void aStoragePathMismatchFailsTheRunBeforeAnyJobStarts() throws Exception {
        register("ruta-mala", "[BD-SQLServer-Produccion, FS-Expedientes]", "");
        JsonNode run = runNow("ruta-mala");
        assertThat(run.get("result").asText()).isEqualTo("FAILED");
        assertThat(run.get("reasons").toString()).contains("FS-Expedientes").contains("se esperaba Repositorio-CD-Local")
                .contains("escribe en Repositorio-CD-Secundario (E:\\\\Backups)");
        assertThat(run.get("jobs")).isEmpty();
        assertThat(sim.admin().count(START)).as("no start at all").isZero();
        assertThat(only(runMails(run.get("id").asText(), "failed")).getSubject()).contains("FALLO");
    }

    @Test
    void aPathThatIsNotTheRepositorysFailsTheRunBeforeAnyJobStarts() throws Exception {
        register("ruta-otra", "[BD-SQLServer-Produccion]", "", null, "Repositorio-CD-Local", "d:\\\\backups\\\\sql");
        JsonNode run = runNow("ruta-otra");
        assertThat(run.get("result").asText()).isEqualTo("FAILED");
        assertThat(run.get("reasons").toString()).contains("D:\\\\Backups").contains("d:\\\\backups\\\\sql");
        assertThat(sim.admin().count(START)).as("no start at all").isZero();
        JsonNode report = report("ruta-otra", run.get("id").asText());
        assertThat(report.get("stages").toString()).contains("\"storage\"").contains("FAILED");
    }

    @Test
    void aPathWrittenDifferentlyButTheSameIsAccepted() throws Exception {
        register("ruta-igual", "[BD-PostgreSQL-Portal]", "", null, "Repositorio-CD-Local", "d:/BACKUPS/");
        JsonNode run = runNow("ruta-igual");
        assertThat(run.get("result").asText()).as("Windows paths compare case-insensitively, separators normalised")
                .isEqualTo("SUCCESS");
    }

    @Test
    void aJobStillRunningWhenMaxDurationEndsIsStoppedAndTimedOut() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", Inventory.Behaviour.success(Duration.ofHours(2)));
        try {
            register("tiempo", "[BD-Oracle-SIAF, BD-SQLServer-Produccion]", "maxDuration: PT6S\n");
            JsonNode run = runNow("tiempo");
            assertThat(run.get("result").asText()).isEqualTo("FAILED");
            assertThat(job(run, "BD-Oracle-SIAF").get("result").asText()).isEqualTo("TIMED_OUT");
            assertThat(job(run, "BD-SQLServer-Produccion").get("result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.admin().count(STOP)).as("one stop, for the timed-out job").isEqualTo(1);
        } finally {
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
    }

    @Test
    void skippedWhenOutsideTheWindowInABlackoutAndTheRepositoryIsShortOfSpace() throws Exception {
        String today = ZonedDateTime.now(GT).toLocalDate().toString();
        register("omitida", "[BD-SQLServer-Produccion]", "");
        // the schedule's window and blackouts are checked against now, so hand the run a schedule
        // whose window excludes now and whose blackout covers today
        ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
        var active = registry.get("omitida").orElseThrow();
        var s = active.schedule();
        ZonedDateTime now = ZonedDateTime.now(GT);
        var shifted = new org.respaldo.schedule.Schedule(s.formatVersion(), s.id(), s.title(), s.owner(), s.enabled(), s.cron(),
                s.timezone(), s.validFrom(), s.validUntil(),
                new org.respaldo.schedule.Schedule.Window(now.toLocalTime().plusHours(3).withSecond(0).withNano(0),
                        now.toLocalTime().plusHours(4).withSecond(0).withNano(0)),
                s.maxDuration(), List.of(new org.respaldo.schedule.Schedule.Blackout.Day(now.toLocalDate())), s.veeam(),
                new org.respaldo.schedule.Schedule.Storage(s.storage().repository(), s.storage().path(), 1_000_000),
                s.notification(), s.retry(), s.overlap());
        registry.accept(shifted, "0".repeat(64), "omitida-v2.yaml", ".accepted/omitida/x");
        JsonNode run = runNow("omitida");
        assertThat(run.get("result").asText()).isEqualTo("SKIPPED");
        String reasons = run.get("reasons").toString();
        assertThat(reasons).contains("fuera de la ventana").contains(today).contains("GB libres");
        assertThat(run.get("reasons")).hasSize(3);
        assertThat(sim.admin().count(START)).isZero();
        MimeMessage skipped = only(runMails(run.get("id").asText(), "skipped"));
        assertThat(skipped.getSubject()).contains("OMITIDO");
        assertThat(Mailboxes.part(skipped, "text/plain")).contains("fuera de la ventana");
        assertThat(matching(run.get("id").asText(), "started")).as("no instructions for a skipped run").isEmpty();
    }

    @Test
    void skippedWhenTheVeeamServerIsDown() throws Exception {
        register("sin-veeam", "[BD-SQLServer-Produccion]", "", "caido");
        long t0 = System.nanoTime();
        JsonNode run = runNow("sin-veeam");
        assertThat(run.get("result").asText()).isEqualTo("SKIPPED");
        assertThat(run.get("reasons").toString()).contains("'caido'").contains("no responde");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("Veeam is waited for (respaldo.run.veeam-wait) before the skip")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void skippedWhenAJobIsAlreadyRunningInVeeam() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("FS-Expedientes");
        sim.admin().setBehaviour("FS-Expedientes", Inventory.Behaviour.success(Duration.ofMinutes(5)));
        try {
            register("ocupado", "[FS-Expedientes]", "", null, "Repositorio-CD-Secundario", "E:\\\\Backups");
            var client = app.bean("veeamServers", org.respaldo.veeam.VeeamServers.class).client("principal");
            String jobId = client.resolveJobs(List.of("FS-Expedientes")).jobs().get(0).id();
            client.start(jobId, false);
            JsonNode run = runNow("ocupado");
            assertThat(run.get("result").asText()).isEqualTo("SKIPPED");
            assertThat(run.get("reasons").toString()).contains("FS-Expedientes ya se está ejecutando");
            client.stop(jobId, false);
        } finally {
            sim.admin().setBehaviour("FS-Expedientes", before);
        }
    }

    @Test
    void aSecondFireWhileTheFirstRunIsActiveIsSkipped() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", Inventory.Behaviour.success(Duration.ofSeconds(100)));
        try {
            register("solapada", "[BD-Oracle-SIAF]", "");
            String first = fire("solapada");
            Eventually.await(Duration.ofSeconds(10), "the first run to start its job", () -> sim.admin().count(START) == 1);
            JsonNode second = runNow("solapada");
            assertThat(second.get("result").asText()).isEqualTo("SKIPPED");
            assertThat(second.get("reasons").toString()).contains("sigue activa").contains(first);
            awaitConcluded(first);
            assertThat(sim.admin().count(START)).isEqualTo(1);
        } finally {
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
    }

    @Test
    void intakeRejectsJobNamesAndRepositoriesVeeamDoesNotHave() throws Exception {
        Path inbox = DATA.resolve("app/inbox");
        String content = scheduleText("desconocida", "[BD-SQLServer-Produccion, BD-Inexistente]", "", null,
                "Repositorio-Fantasma", "D:\\\\Backups");
        ScheduleFiles.drop(inbox, "desconocida.yaml", content);
        Eventually.await(Duration.ofSeconds(10), "the rejection",
                () -> ScheduleFiles.find(inbox.resolve(".rejected"), "-desconocida.yaml.reason.txt").size() == 1);
        String reason = Files.readString(ScheduleFiles.find(inbox.resolve(".rejected"), "-desconocida.yaml.reason.txt").get(0));
        assertThat(reason).contains("veeam.jobs[1]").contains("BD-Inexistente").contains("BD-Oracle-SIAF")
                .contains("storage.repository").contains("Repositorio-Fantasma").contains("Repositorio-CD-Secundario");
        assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).get("desconocida")).isEmpty();
    }

    @Test
    void withTheSmtpServerDownTheRunWaitsNotifyingAndConcludesOnceTheMailIsAccepted() throws Exception {
        register("sin-correo", "[BD-PostgreSQL-Portal]", "");
        mail.stop();
        String id;
        try {
            id = fire("sin-correo");
            Eventually.await(Duration.ofSeconds(30), "the result is known", () -> "NOTIFYING".equals(status(id)));
            JsonNode run = Http.get(app.url("/api/runs/" + id)).json();
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(run.get("directorReached").isNull()).isTrue();
            Eventually.await(Duration.ofSeconds(10), "a failed attempt is recorded", () -> {
                JsonNode mails = Http.get(app.url("/api/mails?run=" + id + "&status=pending")).json();
                boolean tried = false;
                for (JsonNode m : mails) {
                    tried |= m.get("attempts").asInt() >= 1 && m.get("lastError").asText().contains(String.valueOf(SMTP));
                }
                return mails.size() == 2 && tried;
            });
            assertThat(status(id)).as("not concluded while the Director's mail waits").isEqualTo("NOTIFYING");
        } finally {
            mail = Mailboxes.start(SMTP, IMAP);
        }
        awaitConcluded(id);
        JsonNode run = Http.get(app.url("/api/runs/" + id)).json();
        assertThat(run.get("directorReached").asBoolean()).isTrue();
        MimeMessage done = only(runMails(id, "succeeded"));
        assertThat(done.getSubject()).contains("ÉXITO");
        assertThat(matching(id, "succeeded")).as("one copy per recipient: sent once").hasSize(2);
        assertThat(Http.get(app.url("/api/mails?run=" + id)).json()).allMatch(m -> m.get("status").asText().equals("sent"));
    }

    @Test
    void aJobThatSucceedsWhilePollsFailIsReportedAsItEndedNotAsTimedOut() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", Inventory.Behaviour.success(Duration.ofSeconds(60)));
        try {
            register("sondeo-caido", "[BD-Oracle-SIAF]", "maxDuration: PT6S\n");
            String id = fire("sondeo-caido");
            Eventually.await(Duration.ofSeconds(10), "the job started", () -> sim.admin().count(START) == 1);
            // every poll fails for ~9 s: past the job's end (3 s) and past the deadline (6 s)
            sim.admin().addFault(new org.respaldo.sim.Fault(org.respaldo.sim.Fault.Kind.SERVER_ERROR, "GET /api/v1/sessions/{id}",
                    null, -1, 0));
            Thread.sleep(9000);
            sim.admin().clearFaults();
            JsonNode run = awaitConcluded(id);
            assertThat(run.at("/jobs/0/result").asText()).as("Veeam's own end, read once it answered again").isEqualTo("SUCCESS");
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.admin().count(STOP)).as("nothing to stop: it had ended before the deadline").isZero();
        } finally {
            sim.admin().clearFaults();
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
    }

    @Test
    void aJobWhoseEndCannotBeLearnedIsReportedAsStateUnknown() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-MySQL-Intranet");
        sim.admin().setBehaviour("BD-MySQL-Intranet", Inventory.Behaviour.success(Duration.ofHours(2)));
        var client = app.bean("veeamServers", org.respaldo.veeam.VeeamServers.class).client("principal");
        String jobId = client.resolveJobs(List.of("BD-MySQL-Intranet")).jobs().get(0).id();
        try {
            register("desconocido", "[BD-MySQL-Intranet]", "maxDuration: PT3S\n");
            String id = fire("desconocido");
            Eventually.await(Duration.ofSeconds(10), "the job started", () -> sim.admin().count(START) == 1);
            sim.admin().addFault(new org.respaldo.sim.Fault(org.respaldo.sim.Fault.Kind.SERVER_ERROR, "GET /api/v1/sessions/{id}",
                    null, -1, 0));
            sim.admin().addFault(new org.respaldo.sim.Fault(org.respaldo.sim.Fault.Kind.SERVER_ERROR, STOP, null, -1, 0));
            JsonNode run = awaitConcluded(id);
            assertThat(run.at("/jobs/0/result").asText()).isEqualTo("UNKNOWN");
            assertThat(run.at("/jobs/0/message").asText()).contains("estado desconocido").contains("Veeam no responde");
            assertThat(run.get("result").asText()).isEqualTo("FAILED");
            assertThat(run.get("reasons").toString()).contains("estado desconocido");
            MimeMessage failed = only(runMails(id, "failed"));
            assertThat(Mailboxes.part(failed, "text/plain")).contains("Estado desconocido");
        } finally {
            sim.admin().clearFaults();
            try {
                client.stop(jobId, false);
            } catch (RuntimeException ignored) {
                // already stopped
            }
            sim.admin().setBehaviour("BD-MySQL-Intranet", before);
        }
    }

    @Test
    void aTokenHiccupAtFireTimeIsWaitedForAndTheRunGoesOn() throws Exception {
        register("token", "[BD-PostgreSQL-Portal]", "");
        sim.admin().revokeTokens();
        sim.admin().addFault(org.respaldo.sim.Fault.serverErrors("POST /api/oauth2/token", 4));
        String id = fire("token");
        JsonNode run = awaitConcluded(id);
        assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(sim.admin().count("POST /api/oauth2/token")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void withOverlapQueueASecondFireWaitsForTheFirstRun() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", Inventory.Behaviour.success(Duration.ofSeconds(60)));
        try {
            register("en-cola", "[BD-Oracle-SIAF]", "overlap: queue\n");
            String first = fire("en-cola");
            Eventually.await(Duration.ofSeconds(10), "the first run to start its job", () -> sim.admin().count(START) == 1);
            String secondId = fire("en-cola");
            Thread.sleep(500);
            assertThat(status(secondId)).as("waits, holding no thread, while the first runs").isEqualTo("QUEUED");
            JsonNode second = awaitConcluded(secondId);
            JsonNode firstRun = awaitConcluded(first);
            assertThat(second.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.admin().count(START)).as("the second run started the job after the first ended").isEqualTo(2);
            Instant firstEnded = Instant.parse(firstRun.get("endedAt").asText());
            assertThat(Instant.parse(second.at("/jobs/0/startedAt").asText())).isAfterOrEqualTo(firstEnded.minusSeconds(1));
        } finally {
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The messages GreenMail received for a run and an event (one per recipient). */
    private List<MimeMessage> runMails(String runId, String event) throws Exception {
        Eventually.await(Duration.ofSeconds(10), event + " mail of " + runId, () -> !matching(runId, event).isEmpty());
        return matching(runId, event);
    }

    private List<MimeMessage> matching(String runId, String event) {
        List<MimeMessage> result = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String[] run = m.getHeader("X-Respaldo-Run");
                String[] ev = m.getHeader("X-Respaldo-Event");
                if (run != null && run[0].equals(runId) && ev != null && ev[0].equals(event)) {
                    result.add(m);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** One mail (GreenMail keeps a copy per recipient: they share a Message-ID). */
    private static MimeMessage only(List<MimeMessage> copies) throws Exception {
        assertThat(copies).isNotEmpty();
        String id = copies.get(0).getMessageID();
        assertThat(copies).allMatch(m -> {
            try {
                return id.equals(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
        return copies.get(0);
    }

    private void register(String id, String jobs, String extra) {
        register(id, jobs, extra, null);
    }

    private void register(String id, String jobs, String extra, String server) {
        register(id, jobs, extra, server, "Repositorio-CD-Local", "D:\\\\Backups");
    }

    private void register(String id, String jobs, String extra, String server, String repository, String path) {
        ScheduleFiles.drop(DATA.resolve("app/inbox"), id + ".yaml", scheduleText(id, jobs, extra, server, repository, path));
        Eventually.await(Duration.ofSeconds(10), "schedule " + id + " registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).isPresent());
    }

    private static String scheduleText(String id, String jobs, String extra, String server, String repository, String path) {
        ZonedDateTime now = ZonedDateTime.now(GT);
        return """
                version: 1
                id: %s
                title: Prueba %s
                owner: director@mineco.local
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                %sveeam: {%sjobs: %s}
                storage: {repository: %s, path: "%s"}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local]}
                """.formatted(id, id, now.getHour(), now.getHour(), (now.getHour() + 2) % 24, extra,
                server == null ? "" : "server: " + server + ", ", jobs, repository, path);
    }

    /** Hands a fire of the schedule's active version, now, to the run engine (as the trigger does); returns the run id. */
    private String fire(String id) {
        int version = app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).orElseThrow().version();
        Instant now = Instant.now();
        return app.bean("runEngine", RunEngine.class).enqueue(new Fire(id, version, now, now), Run.Trigger.SCHEDULE).orElseThrow();
    }

    private String status(String runId) {
        return Http.get(app.url("/api/runs/" + runId)).json().get("status").asText();
    }

    private JsonNode awaitConcluded(String runId) {
        Eventually.await(Duration.ofSeconds(60), "run " + runId + " CONCLUDED", () -> "CONCLUDED".equals(status(runId)));
        return Http.get(app.url("/api/runs/" + runId)).json();
    }

    /** Fires the schedule and returns the concluded run as the API shows it. */
    private JsonNode runNow(String id) {
        return awaitConcluded(fire(id));
    }

    private JsonNode report(String scheduleId, String runId) throws Exception {
        Path file = DATA.resolve("app/reports").resolve(scheduleId).resolve(runId + ".json");
        assertThat(file).exists();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(file));
    }

    private static JsonNode job(JsonNode run, String name) {
        for (JsonNode j : run.get("jobs")) {
            if (j.get("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name + " in " + run);
    }
}
