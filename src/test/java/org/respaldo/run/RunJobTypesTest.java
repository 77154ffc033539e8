package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * Runs with the job types a ministry's databases use — a Veeam Agent job protecting a physical SQL
 * Server, a Hyper-V guest, a VMware VM — on 1.3-rev1 and 1.3-rev2 (issue 11): the report and the
 * Director's mail say what each job did (objects, data, restore points), and the mail's totals are
 * the sums of the per-object figures the simulator reported. A revision without agent jobs rejects
 * such a schedule at intake, naming the job and the revision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunJobTypesTest {

    static final Path DATA = Path.of("target/it/job-types");
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final String JOBS = "[BD-SQLServer-Fisico, BD-HyperV-Tramites, BD-PostgreSQL-Portal]";

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;
    final int smtp = Ports.free();

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        mail = Mailboxes.start(smtp, Ports.free());
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0).withTimeScale(20)
                .withApiVersions(Set.of("1.2-rev1", "1.3-rev1", "1.3-rev2")));
        Map<String, String> p = new LinkedHashMap<>();
        for (String[] alias : new String[][] {{"rev1", "1.3-rev1"}, {"rev2", "1.3-rev2"}, {"viejo", "1.2-rev1"}}) {
            p.put("respaldo.veeam." + alias[0] + ".url", sim.baseUri().toString());
            p.put("respaldo.veeam." + alias[0] + ".username", "respaldo");
            p.put("respaldo.veeam." + alias[0] + ".api-version", alias[1]);
            p.put("respaldo.veeam." + alias[0] + ".truststore", sim.certificatePem().toString());
            p.put("respaldo.veeam." + alias[0] + ".poll-interval-ms", "200");
        }
        p.put("respaldo.intake.min-age-ms", "200");
        p.put("respaldo.mail.host", "127.0.0.1");
        p.put("respaldo.mail.port", String.valueOf(smtp));
        p.put("respaldo.mail.from", "respaldo@mineco.local");
        p.put("respaldo.mail.outbox-poll-ms", "200");
        app = RespaldoApp.start(DATA.resolve("app"), Ports.free(), p);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        sim.close();
        mail.stop();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rev1", "rev2"})
    void agentHyperVAndVmwareJobsRunAndTheMailsTotalsAreTheSumsOfWhatEachObjectDid(String server) throws Exception {
        String id = "tipos-" + server;
        register(id, server);
        int version = app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).orElseThrow().version();
        Instant now = Instant.now();
        String runId = app.bean("runEngine", RunEngine.class).enqueue(new Fire(id, version, now, now), Run.Trigger.SCHEDULE)
                .orElseThrow();
        Eventually.await(Duration.ofSeconds(60), "run " + runId + " concluded",
                () -> "CONCLUDED".equals(Http.get(app.url("/api/runs/" + runId)).json().get("status").asText()));
        JsonNode run = Http.get(app.url("/api/runs/" + runId)).json();
        assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
        long objects = 0;
        long transferred = 0;
        long points = 0;
        for (JsonNode job : run.get("jobs")) {
            assertThat(job.get("result").asText()).as(job.get("name").asText()).isEqualTo("SUCCESS");
            assertThat(job.get("objects")).as("what " + job.get("name").asText() + " protected").isNotEmpty();
            long jobTransferred = 0;
            long jobProcessed = 0;
            for (JsonNode o : job.get("objects")) {
                assertThat(o.get("result").asText()).isEqualTo("SUCCESS");
                assertThat(o.get("restorePointId").asText()).as("a new restore point of " + o.get("name").asText()).isNotBlank();
                assertThat(Instant.parse(o.get("restorePointTime").asText())).isAfterOrEqualTo(
                        Instant.parse(job.get("startedAt").asText()).minusSeconds(1));
                jobTransferred += o.get("transferredBytes").asLong();
                jobProcessed += o.get("processedBytes").asLong();
                objects++;
                points++;
            }
            assertThat(job.get("transferredBytes").asLong()).as("the job's total is the sum over its objects").isEqualTo(jobTransferred);
            assertThat(job.get("processedBytes").asLong()).isEqualTo(jobProcessed);
            assertThat(job.get("processedBytes").asLong()).isGreaterThanOrEqualTo(job.get("transferredBytes").asLong());
            transferred += jobTransferred;
        }
        assertThat(run.get("jobs")).extracting(j -> j.get("name").asText())
                .containsExactlyInAnyOrder("BD-SQLServer-Fisico", "BD-HyperV-Tramites", "BD-PostgreSQL-Portal");
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(
                DATA.resolve("app/reports/" + id + "/" + runId + ".json")));
        assertThat(report).as("the report file is the run as the API shows it").isEqualTo(run);

        Eventually.await(Duration.ofSeconds(10), "the conclusion mail", () -> !conclusion(runId).isEmpty());
        String text = Mailboxes.part(conclusion(runId).get(0), "text/plain");
        String totals = "Totales: " + objects + " objeto(s) protegido(s), "
                + org.respaldo.notify.MailComposer.bytes(transferred) + " transferidos, " + points
                + " punto(s) de restauración creados.";
        assertThat(text).contains(totals).contains("BD-SQLServer-Fisico", "BD-HyperV-Tramites", "Objetos / puntos");
    }

    @Test
    void aRevisionWithoutAgentJobsRejectsTheScheduleAtIntakeNamingTheJobAndTheRevision() throws Exception {
        Path inbox = DATA.resolve("app/inbox");
        ScheduleFiles.drop(inbox, "tipos-viejo.yaml", content("tipos-viejo", "viejo"));
        Eventually.await(Duration.ofSeconds(15), "the rejection",
                () -> ScheduleFiles.find(inbox.resolve(".rejected"), "-tipos-viejo.yaml.reason.txt").size() == 1);
        String reason = Files.readString(ScheduleFiles.find(inbox.resolve(".rejected"), "-tipos-viejo.yaml.reason.txt").get(0));
        assertThat(reason).contains("BD-SQLServer-Fisico").contains("1.2-rev1").contains("1.3-rev0");
        assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).get("tipos-viejo")).isEmpty();
    }

    private java.util.List<MimeMessage> conclusion(String runId) {
        java.util.List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String[] r = m.getHeader("X-Respaldo-Run");
                String[] e = m.getHeader("X-Respaldo-Event");
                if (r != null && r[0].equals(runId) && e != null && e[0].equals("succeeded")) {
                    out.add(m);
                }
            } catch (jakarta.mail.MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return out;
    }

    private void register(String id, String server) {
        ScheduleFiles.drop(DATA.resolve("app/inbox"), id + ".yaml", content(id, server));
        Eventually.await(Duration.ofSeconds(15), "schedule " + id + " registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).isPresent());
    }

    private static String content(String id, String server) {
        ZonedDateTime now = ZonedDateTime.now(GT);
        return """
                version: 1
                id: %s
                title: Tipos de trabajo %s
                owner: director@mineco.local
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {server: %s, jobs: %s}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.local}
                """.formatted(id, server, now.getHour(), now.getHour(), (now.getHour() + 2) % 24, server, JOBS);
    }
}
