package org.respaldo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.Browserless.basic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.auth.Passwords;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.Inventory;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Browserless;
import org.respaldo.testing.Browserless.Reply;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * The console's actions through the JSON API, as a script would call them with HTTP Basic, on the real application
 * (H2, YAML routes) driving the Veeam simulator over HTTPS and mailing through GreenMail: run now, rerun of the failed
 * jobs, the Director's sign-off, disable and enable as new versions of the file; each in the audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleActionsTest {

    static final Path DATA = Path.of("target/it/console-actions");
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final String PASSWORD = "clave-de-prueba";
    static final ObjectMapper JSON = new ObjectMapper();

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Files.createDirectories(DATA);
        String hash = Passwords.hash(PASSWORD);
        StringBuilder users = new StringBuilder();
        for (String u : List.of("director", "operador", "tecnico", "auditor")) {
            users.append(u).append(':').append(u).append(':').append(hash).append('\n');
        }
        Files.writeString(DATA.resolve("users"), users);
        int smtp = Ports.free();
        mail = Mailboxes.start(smtp, Ports.free());
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0).withTimeScale(20));
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("respaldo.auth.users-file", DATA.resolve("users").toString());
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.veeam.principal.poll-interval-ms", "200");
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(smtp));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        app = RespaldoApp.start(DATA.resolve("app"), Ports.free(), props);
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

    Reply post(String path, String user, String body) {
        return Browserless.send("POST", app.url(path), body, Map.of("Authorization", basic(user, PASSWORD), "Content-Type",
                "application/json"));
    }

    JsonNode get(String path, String user) throws Exception {
        Reply r = Browserless.get(app.url(path), Map.of("Authorization", basic(user, PASSWORD)));
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode concluded(String runId) throws Exception {
        Eventually.await(Duration.ofSeconds(60), "run " + runId + " concluded",
                () -> {
                    try {
                        return "CONCLUDED".equals(get("/api/runs/" + runId, "tecnico").get("status").asText());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        return get("/api/runs/" + runId, "tecnico");
    }

    void register(String id, String jobs) {
        ZonedDateTime now = ZonedDateTime.now(GT);
        ScheduleFiles.drop(DATA.resolve("app/inbox"), id + ".yaml", """
                version: 1
                id: %s
                title: Prueba de la consola %s
                owner: director@mineco.local
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {jobs: %s}
                storage: {repository: Repositorio-CD-Local, path: "D:\\\\Backups"}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local]}
                """.formatted(id, id, now.getHour(), now.getHour(), (now.getHour() + 2) % 24, jobs));
        Eventually.await(Duration.ofSeconds(10), "schedule " + id + " registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).isPresent());
    }

    List<String> audit(String action) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : get("/api/audit?limit=500", "auditor")) {
            if (e.get("action").asText().equals(action)) {
                out.add(e.get("user").asText() + "|" + e.get("object").asText() + "|" + e.get("outcome").asText() + "|"
                        + e.get("detail").asText());
            }
        }
        return out;
    }

    @Test
    void runNowThenRerunOfTheFailedJobOnlyThenTheDirectorsSignOff() throws Exception {
        register("consola-acciones", "[BD-SQLServer-Produccion, BD-Oracle-SIAF]");
        assertThat(post("/api/schedules/consola-acciones/run", "operador", "{}").status()).as("a reason is required").isEqualTo(400);
        Inventory.Behaviour before = sim.admin().behaviour("BD-Oracle-SIAF");
        sim.admin().setBehaviour("BD-Oracle-SIAF", new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: disco lleno", List.of(new Inventory.LogLine("Failed", "Processing srv-oracle-siaf01 failed")), null, "Failed"));
        String runId;
        try {
            Reply run = post("/api/schedules/consola-acciones/run", "operador", "{\"reason\": \"prueba antes del cierre de mes\"}");
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            JsonNode queued = JSON.readTree(run.body());
            assertThat(queued.get("trigger").asText()).isEqualTo("manual");
            runId = queued.get("id").asText();
            JsonNode done = concluded(runId);
            assertThat(done.get("trigger").asText()).isEqualTo("manual");
            assertThat(done.get("result").asText()).isEqualTo("FAILED");
        } finally {
            sim.admin().setBehaviour("BD-Oracle-SIAF", before);
        }
        assertThat(audit("run-now")).anySatisfy(a -> assertThat(a).startsWith("operador|consola-acciones|ok|run " + runId)
                .endsWith("prueba antes del cierre de mes"));

        // the technician reruns the failed job: only it runs again, through the same pipeline
        Reply rerun = post("/api/runs/" + runId + "/rerun", "tecnico", "{\"reason\": \"disco liberado\"}");
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        JsonNode queued = JSON.readTree(rerun.body());
        assertThat(queued.get("trigger").asText()).isEqualTo("rerun");
        assertThat(queued.get("jobs")).extracting(JsonNode::asText).containsExactly("BD-Oracle-SIAF");
        JsonNode again = concluded(queued.get("id").asText());
        assertThat(again.get("trigger").asText()).isEqualTo("rerun");
        assertThat(again.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(again.get("jobs")).extracting(j -> j.get("name").asText()).containsExactly("BD-Oracle-SIAF");
        assertThat(post("/api/runs/" + again.get("id").asText() + "/rerun", "tecnico", "{\"reason\": \"otra vez\"}").status())
                .as("nothing failed").isEqualTo(409);
        assertThat(audit("rerun")).anySatisfy(a -> assertThat(a).startsWith("tecnico|" + runId + "|ok|"));

        // the Director's sign-off, once
        assertThat(post("/api/runs/" + runId + "/signoff", "operador", "{\"verdict\": \"conforme\"}").status()).isEqualTo(403);
        assertThat(post("/api/runs/" + runId + "/signoff", "director", "{\"verdict\": \"quizas\"}").status()).isEqualTo(400);
        assertThat(post("/api/runs/" + runId + "/signoff", "director", "{\"verdict\": \"observaciones\"}").status()).isEqualTo(400);
        Reply signed = post("/api/runs/" + runId + "/signoff", "director",
                "{\"verdict\": \"observaciones\", \"text\": \"Oracle falló; repetido con éxito <b>hoy</b>\"}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
        JsonNode s = get("/api/runs/" + runId + "/signoff", "auditor");
        assertThat(s.get("by").asText()).isEqualTo("director");
        assertThat(s.get("verdict").asText()).isEqualTo("observaciones");
        assertThat(s.get("text").asText()).isEqualTo("Oracle falló; repetido con éxito <b>hoy</b>");
        Reply twice = post("/api/runs/" + runId + "/signoff", "director", "{\"verdict\": \"conforme\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("signed off before, by director");
        assertThat(audit("signoff")).anySatisfy(a -> assertThat(a).startsWith("director|" + runId + "|ok|observaciones: "))
                .anySatisfy(a -> assertThat(a).startsWith("director|" + runId + "|failed|"));
        assertThat(Browserless.get(app.url("/api/runs/nope/signoff"), Map.of("Authorization", basic("tecnico", PASSWORD)))
                .status()).isEqualTo(404);
    }

    Reply raw(String path, String user, String body) {
        return Browserless.send("POST", app.url(path), body, Map.of("Authorization", basic(user, PASSWORD), "Content-Type",
                "application/yaml"));
    }

    @Test
    void validateRegistersNothingAndAnUploadGoesThroughTheInbox() throws Exception {
        String bad = """
                version: 1
                id: consola-subida
                title: Subida desde la consola
                owner: director@mineco.local
                cron: "0 0 23 ? * MON-FRI"
                window: {start: "22:00", end: "22:00"}
                veeam: {jobs: [BD-PostgreSQL-Portal]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.local}
                """;
        assertThat(raw("/api/inbox/validate?name=subida.yaml", "tecnico", bad).status()).isEqualTo(403);
        Reply checked = raw("/api/inbox/validate?name=subida.yaml", "operador", bad);
        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        JsonNode v = JSON.readTree(checked.body());
        assertThat(v.get("valid").asBoolean()).isFalse();
        assertThat(v.get("problems")).extracting(p -> p.get("where").asText()).contains("window.end");
        assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).get("consola-subida")).as("nothing registered").isEmpty();
        assertThat(raw("/api/inbox/validate?name=..%2Fx.yaml", "operador", bad).status()).isEqualTo(400);

        String good = bad.replace("end: \"22:00\"", "end: \"04:00\"");
        JsonNode ok = JSON.readTree(raw("/api/inbox/validate?name=subida.yaml", "operador", good).body());
        assertThat(ok.get("valid").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("schedule").asText()).isEqualTo("consola-subida");
        Reply up = raw("/api/inbox?name=subida.yaml", "operador", good);
        assertThat(up.status()).as(up.body()).isEqualTo(202);
        assertThat(JSON.readTree(up.body()).get("written").asText()).isEqualTo("subida.yaml");
        Eventually.await(Duration.ofSeconds(15), "the upload registered by the intake",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get("consola-subida").isPresent());
        // a bad upload is rejected by the intake like a file dropped into the folder
        assertThat(JSON.readTree(raw("/api/inbox?name=subida-mala.yaml", "operador", bad).body()).get("valid").asBoolean()).isFalse();
        Eventually.await(Duration.ofSeconds(15), "the bad upload rejected", () -> {
            try (var files = Files.list(DATA.resolve("app/inbox/.rejected"))) {
                return files.anyMatch(p -> p.getFileName().toString().endsWith("subida-mala.yaml.reason.txt"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(audit("validate")).anySatisfy(a -> assertThat(a).startsWith("operador|subida.yaml|ok|1 problem(s)"));
        assertThat(audit("upload")).anySatisfy(a -> assertThat(a).startsWith("operador|subida.yaml|ok|written into the inbox; valid"));
    }

    @Test
    void disableAndEnableAreNewVersionsOfTheFileInTheInbox() throws Exception {
        register("consola-habilitar", "[BD-PostgreSQL-Portal]");
        int v1 = get("/api/schedules/consola-habilitar", "auditor").get("version").asInt();
        assertThat(post("/api/schedules/consola-habilitar/disable", "operador", null).status()).isEqualTo(403);
        Reply off = post("/api/schedules/consola-habilitar/disable", "director", null);
        assertThat(off.status()).as(off.body()).isEqualTo(202);
        assertThat(JSON.readTree(off.body()).get("outcome").asText()).isEqualTo("written");
        Eventually.await(Duration.ofSeconds(15), "version 2 registered", () -> {
            try {
                JsonNode s = get("/api/schedules/consola-habilitar", "auditor");
                return s.get("version").asInt() == v1 + 1 && !s.get("enabled").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the new version is a file like any other: archived under .accepted, with who did it (the move into
        // .accepted comes just after the registration the API already shows: waited for, not assumed)
        Eventually.await(Duration.ofSeconds(15), "the new version archived", () -> archivedDisabled().size() == 1);
        List<Path> archived = archivedDisabled();
        assertThat(archived).hasSize(1);
        assertThat(archived.stream().findFirst().map(p -> {
            try {
                return Files.readString(p);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElseThrow()).startsWith("# Deshabilitada por director desde la consola").contains("enabled: false",
                "owner: director@mineco.local");
        Reply run = post("/api/schedules/consola-habilitar/run", "operador", "{\"reason\": \"x\"}");
        assertThat(run.status()).isEqualTo(409);
        assertThat(run.body()).contains("disabled");
        assertThat(JSON.readTree(post("/api/schedules/consola-habilitar/disable", "director", null).body()).get("outcome").asText())
                .isEqualTo("unchanged");

        assertThat(post("/api/schedules/consola-habilitar/enable", "director", null).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(15), "version 3 registered", () -> {
            try {
                JsonNode s = get("/api/schedules/consola-habilitar", "auditor");
                return s.get("version").asInt() == v1 + 2 && s.get("enabled").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(audit("disable")).anySatisfy(a -> assertThat(a).startsWith("director|consola-habilitar|ok|new version"));
        assertThat(audit("enable")).anySatisfy(a -> assertThat(a).startsWith("director|consola-habilitar|ok|new version"));
        assertThat(post("/api/schedules/no-existe/enable", "director", null).status()).isEqualTo(404);
    }

    private static List<Path> archivedDisabled() {
        Path dir = DATA.resolve("app/inbox/.accepted/consola-habilitar");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains("-deshabilitada-")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
