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
        app = RespaldoApp.start(DATA.resolve("app"), PORT, Map.of(
                "respaldo.veeam.principal.url", sim.baseUri().toString(),
                "respaldo.veeam.principal.truststore", sim.certificatePem().toString(),
                "respaldo.veeam.principal.poll-interval-ms", "200",
                "respaldo.veeam.caido.url", "https://127.0.0.1:9",
                "respaldo.veeam.caido.username", "respaldo",
                "respaldo.intake.min-age-ms", "200",
                "respaldo.mail.host", "127.0.0.1",
                "respaldo.mail.port", String.valueOf(SMTP),
                "respaldo.mail.from", "respaldo@mineco.local"));
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
                .containsExactly("availability:OK", "instructions:SENT", "storage:OK", "backup:SUCCESS", "conclusion:SUCCESS");
        assertThat(sim.admin().count(START)).as("exactly one start per job").isEqualTo(2);
        assertThat(sim.admin().count("POST /api/oauth2/token")).as("at most one login for the whole run (the token is shared)")
                .isLessThanOrEqualTo(1);

        JsonNode report = report("exito", run.get("id").asText());
        assertThat(report.get("result").asText()).isEqualTo("SUCCESS");
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
        JsonNode run = runNow("sin-veeam");
        assertThat(run.get("result").asText()).isEqualTo("SKIPPED");
        assertThat(run.get("reasons").toString()).contains("'caido'").contains("no responde");
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
            var producer = app.context().createProducerTemplate();
            var first = producer.asyncSendBody("direct:run", fire("solapada", 1));
            Eventually.await(Duration.ofSeconds(10), "the first run to start its job", () -> sim.admin().count(START) == 1);
            JsonNode second = runNow("solapada");
            assertThat(second.get("result").asText()).isEqualTo("SKIPPED");
            assertThat(second.get("reasons").toString()).contains("sigue activa");
            first.get();
            assertThat(sim.admin().count(START)).isEqualTo(1);
        } finally {
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
    }

    @Test
    void aFailedJobIsRetriedAndTheRetrySucceeds() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-SQLServer-Produccion");
        sim.admin().setBehaviour("BD-SQLServer-Produccion", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: el agente no respondió", List.of(), null, "Success"));
        try {
            // retry.delay has a floor of PT1M in the schedule format, so this test waits a minute
            register("reintento", "[BD-SQLServer-Produccion]", "retry: {attempts: 1, delay: PT1M}\n");
            JsonNode run = runNow("reintento");
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(run.at("/jobs/0/attempts").asInt()).isEqualTo(2);
            assertThat(run.at("/jobs/0/result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.admin().count(START)).as("the first attempt").isEqualTo(1);
            assertThat(sim.admin().count("POST /api/v1/jobs/{id}/retry")).as("Veeam's retry on 1.3").isEqualTo(1);
        } finally {
            sim.admin().setBehaviour("BD-SQLServer-Produccion", before);
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
    void whenTheSmtpServerRefusesTheDirectorsMailTheRunIsNotConcluded() throws Exception {
        register("sin-correo", "[BD-PostgreSQL-Portal]", "");
        mail.stop();
        try {
            JsonNode run = runNow("sin-correo");
            assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(run.get("status").asText()).as("not concluded without the Director's mail").isEqualTo("RUNNING");
            assertThat(run.get("stages")).extracting(s -> s.get("name").asText() + ":" + s.get("outcome").asText())
                    .contains("director-mail:FAILED");
        } finally {
            mail = Mailboxes.start(SMTP, IMAP);
        }
    }

    @Test
    void withOverlapQueueASecondFireWaitsForTheFirstRun() throws Exception {
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", Inventory.Behaviour.success(Duration.ofSeconds(60)));
        try {
            register("en-cola", "[BD-Oracle-SIAF]", "overlap: queue\n");
            var producer = app.context().createProducerTemplate();
            var first = producer.asyncSendBody("direct:run", fire("en-cola", 1));
            Eventually.await(Duration.ofSeconds(10), "the first run to start its job", () -> sim.admin().count(START) == 1);
            JsonNode second = runNow("en-cola");
            first.get();
            assertThat(second.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(sim.admin().count(START)).as("the second run started the job after the first ended").isEqualTo(2);
            JsonNode runsOfSchedule = Http.get(app.url("/api/runs?schedule=en-cola")).json();
            Instant firstEnded = Instant.parse(runsOfSchedule.get(1).get("endedAt").asText());
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

    private static Fire fire(String id, int version) {
        Instant now = Instant.now();
        return new Fire(id, version, now, now);
    }

    /** Hands a fire to direct:run (as the trigger does) and returns the run as the API shows it. */
    private JsonNode runNow(String id) {
        int version = app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).orElseThrow().version();
        app.context().createProducerTemplate().sendBody("direct:run", fire(id, version));
        JsonNode list = Http.get(app.url("/api/runs?schedule=" + id + "&limit=1")).json();
        assertThat(list).hasSize(1);
        Http.Answer one = Http.get(app.url("/api/runs/" + list.get(0).get("id").asText()));
        assertThat(one.status()).isEqualTo(200);
        return one.json();
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
