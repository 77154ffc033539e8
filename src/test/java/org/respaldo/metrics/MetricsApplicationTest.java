package org.respaldo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.run.Run;
import org.respaldo.run.RunEngine;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.Inventory;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * GET /observe/metrics after real runs: Respaldo (real routes, H2, Quartz) drives the Veeam simulator over
 * HTTPS; a run that succeeds, one that fails and one that is skipped (its Veeam server does not answer),
 * schedule files accepted, rejected and dropped again unchanged. The scrape is read as Prometheus reads it and
 * its values are what the operator would check. The dashboard's and the alert rules' metrics exist in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsApplicationTest {

    static final Path DATA = Path.of("target/it/metrics");
    static final int PORT = Ports.free();
    static final int SMTP = Ports.free();
    static final int IMAP = Ports.free();
    static final ZoneId GT = ZoneId.of("America/Guatemala");

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        mail = Mailboxes.start(SMTP, IMAP);
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0).withTimeScale(20));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.veeam.principal.poll-interval-ms", "200");
        props.put("respaldo.veeam.caido.url", "https://127.0.0.1:9");
        props.put("respaldo.veeam.caido.username", "respaldo");
        props.put("respaldo.veeam.retry-attempts", "2");
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(SMTP));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        props.put("respaldo.mail.retry.initial-delay", "PT1S");
        props.put("respaldo.mail.retry.max-delay", "PT2S");
        props.put("respaldo.run.veeam-wait", "PT3S");
        props.put("respaldo.run.veeam-retry.initial-delay", "PT1S");
        props.put("respaldo.run.veeam-retry.max-delay", "PT1S");
        props.put("respaldo.metrics.refresh-interval", "PT0.5S");
        props.put("respaldo.veeam.health-interval", "PT2S");
        app = RespaldoApp.start(DATA.resolve("app"), PORT, props);
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

    @Test
    void aScrapeAfterRealRunsCountsWhatHappened() throws Exception {
        // an RPO watcher (the other half of issue 9) shows as a gauge once it is a bean
        app.context().getRegistry().bind("testRpoBreaches", (RpoBreaches) () -> Map.of("m-exito", false, "m-fallo", true));

        register("m-exito", "[BD-SQLServer-Produccion]", null);
        register("m-fallo", "[BD-PostgreSQL-Portal]", null);
        register("m-omitida", "[BD-SQLServer-Produccion]", "caido");
        // a file that is rejected, and one dropped again byte for byte
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "mala.yaml", "version: 1\nid: Mala Programación\n");
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "m-exito-otra-vez.yaml", scheduleText("m-exito", "[BD-SQLServer-Produccion]", null));

        Inventory.Behaviour before = sim.admin().behaviour("BD-PostgreSQL-Portal");
        sim.admin().setBehaviour("BD-PostgreSQL-Portal", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: disco lleno", List.of(new Inventory.LogLine("Failed", "Processing pg01 failed")), null, "Failed"));
        JsonNode ok;
        JsonNode failed;
        JsonNode skipped;
        try {
            String a = fire("m-exito");
            String b = fire("m-fallo");
            String c = fire("m-omitida");
            ok = awaitConcluded(a);
            failed = awaitConcluded(b);
            skipped = awaitConcluded(c);
        } finally {
            sim.admin().setBehaviour("BD-PostgreSQL-Portal", before);
        }
        assertThat(ok.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(failed.get("result").asText()).isEqualTo("FAILED");
        assertThat(skipped.get("result").asText()).isEqualTo("SKIPPED");

        Instant scrapeAfter = Instant.now();
        Eventually.await(Duration.ofSeconds(20), "every mail delivered and the gauges refreshed", () -> {
            Scrape s = scrape();
            return s.value("respaldo_mail_outbox_pending").orElse(-1.0) == 0.0
                    && s.value("respaldo_intake_files_total", "outcome", "unchanged").orElse(0.0) == 1.0
                    && s.value("respaldo_veeam_up", "server", "caido").isPresent()
                    && app.bean("respaldoMetrics", RespaldoMetrics.class).refreshedAt().isAfter(scrapeAfter);
        });
        Http.Answer answer = Http.get(app.url("/observe/metrics"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        Scrape s = Scrape.parse(answer.body());

        // runs by schedule and result, one each
        assertThat(s.value("respaldo_runs_total", "schedule", "m-exito", "result", "success")).hasValue(1.0);
        assertThat(s.value("respaldo_runs_total", "schedule", "m-fallo", "result", "failed")).hasValue(1.0);
        assertThat(s.value("respaldo_runs_total", "schedule", "m-omitida", "result", "skipped")).hasValue(1.0);
        assertThat(s.matching("respaldo_runs_total")).hasSize(3);
        // durations: a histogram per schedule; the run's own start-to-end time
        assertThat(s.value("respaldo_run_duration_seconds_count", "schedule", "m-exito")).hasValue(1.0);
        double took = Duration.between(Instant.parse(ok.get("startedAt").asText()), Instant.parse(ok.get("endedAt").asText()))
                .toMillis() / 1000.0;
        assertThat(s.value("respaldo_run_duration_seconds_sum", "schedule", "m-exito").orElseThrow()).isCloseTo(took, within(0.01));
        assertThat(s.value("respaldo_run_duration_seconds_bucket", "schedule", "m-exito", "le", "+Inf")).hasValue(1.0);
        assertThat(s.matching("respaldo_run_duration_seconds_bucket", "schedule", "m-exito")).hasSizeGreaterThan(5);
        // jobs by server and result
        assertThat(s.value("respaldo_jobs_total", "server", "principal", "result", "success")).hasValue(1.0);
        assertThat(s.value("respaldo_jobs_total", "server", "principal", "result", "failed")).hasValue(1.0);
        // the last good run (SUCCESS or WARNING) and the next fire per schedule, from the database
        assertThat(s.value("respaldo_schedule_last_success_timestamp_seconds", "schedule", "m-exito").orElseThrow())
                .isCloseTo(Instant.parse(ok.get("endedAt").asText()).toEpochMilli() / 1000.0, within(0.01));
        assertThat(s.value("respaldo_schedule_last_success_timestamp_seconds", "schedule", "m-fallo")).as("never a good run").isEmpty();
        ZonedDateTime next = ZonedDateTime.now(GT).plusDays(1).withHour(ZonedDateTime.now(GT).getHour()).withMinute(0).withSecond(0)
                .withNano(0);
        assertThat(s.value("respaldo_schedule_next_fire_timestamp_seconds", "schedule", "m-exito").orElseThrow())
                .as("the daily fire at this hour, tomorrow").isEqualTo((double) next.toEpochSecond());
        assertThat(s.value("respaldo_schedule_rpo_breached", "schedule", "m-fallo")).hasValue(1.0);
        assertThat(s.value("respaldo_schedule_rpo_breached", "schedule", "m-exito")).hasValue(0.0);
        // the outbox: everything delivered
        assertThat(s.value("respaldo_mail_outbox_pending")).hasValue(0.0);
        assertThat(s.value("respaldo_mail_outbox_oldest_pending_seconds")).hasValue(0.0);
        // Veeam: the simulator up, the dead server down; requests by endpoint and status
        assertThat(s.value("respaldo_veeam_up", "server", "principal")).hasValue(1.0);
        assertThat(s.value("respaldo_veeam_up", "server", "caido")).hasValue(0.0);
        assertThat(s.value("respaldo_veeam_requests_total", "server", "principal", "endpoint", "POST /api/v1/jobs/{id}/start",
                "status", "201")).hasValue(2.0);
        assertThat(s.value("respaldo_veeam_requests_total", "server", "caido", "endpoint", "POST /api/oauth2/token", "status", "none")
                .orElse(0.0)).isPositive();
        assertThat(s.value("respaldo_repository_free_bytes", "server", "principal", "repository", "Repositorio-CD-Secundario"))
                .hasValue(Math.round(1830.2 * 1024 * 1024 * 1024) * 1.0);
        assertThat(s.value("respaldo_certificate_expiry_timestamp_seconds", "server", "principal").orElseThrow())
                .as("the simulator's ten-year certificate").isGreaterThan(Instant.now().plus(Duration.ofDays(3000)).getEpochSecond());
        // the intake: three schedules accepted, one file rejected, one unchanged
        assertThat(s.value("respaldo_intake_files_total", "outcome", "accepted")).hasValue(3.0);
        assertThat(s.value("respaldo_intake_files_total", "outcome", "rejected")).hasValue(1.0);
        assertThat(s.value("respaldo_intake_files_total", "outcome", "unchanged")).hasValue(1.0);
        assertThat(s.value("respaldo_intake_files_total", "outcome", "failed")).hasValue(0.0);
        // Camel's own route metrics are there too
        assertThat(s.matching("camel_exchanges_total", "routeId", "schedule-intake")).isNotEmpty();
        // no secret in any label
        assertThat(answer.body()).doesNotContain("respaldo-demo");

        // the readiness checks: the dead server DOWN once unusable for longer than respaldo.run.veeam-wait (PT3S here)
        Eventually.await(Duration.ofSeconds(10), "veeam-caido DOWN", () -> "DOWN".equals(check("veeam-caido").path("status").asText()));
        assertThat(check("veeam-caido").toString()).contains("unusableSince");
        assertThat(check("veeam-principal").path("status").asText()).isEqualTo("UP");

        Files.writeString(DATA.resolve("scrape.txt"), answer.body());
        everyMetricOfTheDashboardAndTheRulesExists(s);
    }

    /** deploy/grafana/respaldo.json and deploy/prometheus/respaldo-rules.yml name only metrics this scrape has. */
    private void everyMetricOfTheDashboardAndTheRulesExists(Scrape s) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("deploy/grafana/respaldo.json")));
        Set<String> dashboardMetrics = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                dashboardMetrics.addAll(metricNames(target.get("expr").asText()));
            }
        }
        Set<String> ruleMetrics = new TreeSet<>();
        Matcher expr = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$").matcher(Files.readString(Path.of("deploy/prometheus/respaldo-rules.yml")));
        while (expr.find()) {
            ruleMetrics.addAll(metricNames(expr.group(1)));
        }
        assertThat(dashboardMetrics).as("the dashboard's metrics").contains("respaldo_runs_total", "respaldo_veeam_up",
                "respaldo_repository_free_bytes", "respaldo_certificate_expiry_timestamp_seconds");
        assertThat(ruleMetrics).as("the alert rules' metrics").contains("respaldo_schedule_rpo_breached", "respaldo_veeam_up");
        assertThat(s.names()).as("the dashboard's metrics exist in a real scrape").containsAll(dashboardMetrics);
        assertThat(s.names()).as("the alert rules' metrics exist in a real scrape").containsAll(ruleMetrics);
    }

    /** The respaldo_ and camel_ metric names a PromQL expression uses. */
    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:respaldo|camel)_[a-zA-Z0-9_]+)").matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private JsonNode check(String name) {
        for (JsonNode c : Http.get(app.url("/observe/health?exposureLevel=full&data=true")).json().path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private Scrape scrape() {
        String body = Http.get(app.url("/observe/metrics")).body();
        try {
            Files.writeString(DATA.resolve("last-scrape.txt"), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Scrape.parse(body);
    }

    private void register(String id, String jobs, String server) {
        ScheduleFiles.drop(DATA.resolve("app/inbox"), id + ".yaml", scheduleText(id, jobs, server));
        Eventually.await(Duration.ofSeconds(10), "schedule " + id + " registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).isPresent());
    }

    private static String scheduleText(String id, String jobs, String server) {
        ZonedDateTime now = ZonedDateTime.now(GT);
        return """
                version: 1
                id: %s
                title: Prueba %s
                owner: director@mineco.local
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {%sjobs: %s}
                storage: {repository: Repositorio-CD-Local, path: "D:\\\\Backups"}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local]}
                """.formatted(id, id, now.getHour(), now.getHour(), (now.getHour() + 2) % 24,
                server == null ? "" : "server: " + server + ", ", jobs);
    }

    private String fire(String id) {
        int version = app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).orElseThrow().version();
        Instant now = Instant.now();
        return app.bean("runEngine", RunEngine.class).enqueue(new Fire(id, version, now, now), Run.Trigger.SCHEDULE).orElseThrow();
    }

    private JsonNode awaitConcluded(String runId) {
        Eventually.await(Duration.ofSeconds(60), "run " + runId + " CONCLUDED",
                () -> "CONCLUDED".equals(Http.get(app.url("/api/runs/" + runId)).json().get("status").asText()));
        return Http.get(app.url("/api/runs/" + runId)).json();
    }
}
