package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.ScheduleFiles.drop;
import static org.respaldo.testing.ScheduleFiles.find;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;

/**
 * The whole application (YAML routes, Quartz, H2, HTTP) with real files dropped into a
 * temporary inbox, checked the way an operator and the Director would check them.
 */
@CamelMainTest(properties = {
    "respaldo.profile=test",
    // no daily digest in the middle of what this test counts (a run near 07:00 Guatemala time would get one)
    "respaldo.digest.enabled=false",
    "respaldo.data-dir=target/it/intake-app",
    "respaldo.http.port={{sys:respaldo.test.port.intake-app-http}}",
    "respaldo.intake.min-age-ms=600",
    "respaldo.intake.poll-delay-ms=100",
    "respaldo.veeam.principal.url=https://127.0.0.1:9419",
    "respaldo.veeam.principal.username=respaldo",
    "respaldo.veeam.retry-attempts=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeApplicationTest {

    static final Path DATA = Path.of("target/it/intake-app");
    static final Path INBOX = DATA.resolve("inbox");
    static final int HTTP = Ports.reserve("intake-app-http");
    static final String API = "http://127.0.0.1:" + HTTP + "/api/schedules";
    static final Duration WAIT = Duration.ofSeconds(15);

    @BeanInject
    CamelContext context;

    @BeanInject("scheduleStore")
    ScheduleStore store;

    @BeforeAll
    static void cleanDataDir() {
        ScheduleFiles.deleteTree(DATA);
    }

    @Test
    void healthIsUpOnceSchedulesAreLoaded() {
        Eventually.await(WAIT, "health UP", () -> Http.get("http://127.0.0.1:" + HTTP + "/observe/health").body().contains("UP"));
    }

    @Test
    void aValidFileIsArchivedStoredAndServed() throws Exception {
        String content = ScheduleFiles.nightly("nocturno-bd", "Respaldo nocturno de bases de datos");
        drop(INBOX, "nocturno-bd.yaml", content);

        Path archived = awaitOne(INBOX.resolve(".accepted/nocturno-bd"), "-nocturno-bd.yaml");
        assertThat(archived.getFileName().toString()).matches("\\d{8}T\\d{6}\\.\\d{3}Z-nocturno-bd\\.yaml");
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(INBOX.resolve("nocturno-bd.yaml")).doesNotExist();

        JsonNode list = Http.get(API).json();
        JsonNode entry = entry(list, "nocturno-bd");
        assertThat(entry.get("title").asText()).isEqualTo("Respaldo nocturno de bases de datos");
        assertThat(entry.get("enabled").asBoolean()).isTrue();
        assertThat(entry.get("version").asInt()).isEqualTo(1);
        assertThat(entry.get("nextFireTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T23:00:00-06:00");

        Http.Answer one = Http.get(API + "/nocturno-bd");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/json");
        JsonNode s = one.json();
        assertThat(s.get("version").asInt()).isEqualTo(1);
        assertThat(s.get("sourceFile").asText()).isEqualTo("nocturno-bd.yaml");
        assertThat(s.get("owner").asText()).isEqualTo("director@mineco.gob.gt");
        assertThat(s.at("/window/start").asText()).isEqualTo("22:00");
        assertThat(s.at("/storage/path").asText()).isEqualTo("D:\\Backups");
        assertThat(s.at("/storage/minFreeGb").asDouble()).isEqualTo(50.0);
        assertThat(s.at("/veeam/server").asText()).isEqualTo("principal");
        assertThat(s.at("/notify/language").asText()).isEqualTo("es");
        assertThat(s.get("nextFireTimes")).hasSize(10);
        assertThat(s.get("nextFireTimes").get(0).asText()).isEqualTo(entry.get("nextFireTime").asText());
        assertThat(s.get("history")).hasSize(1);
        assertThat(s.at("/history/0/sha256").asText()).isEqualTo(sha256(content.getBytes(StandardCharsets.UTF_8)));

        List<ScheduleStore.Version> history = store.history("nocturno-bd");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).archivedFile()).isEqualTo(".accepted/nocturno-bd/" + archived.getFileName());

        JsonNode forecast = Http.get(API + "/nocturno-bd/forecast?days=7").json();
        assertThat(forecast.get("fireTimes")).hasSize(7);
        assertThat(Http.get(API + "/nocturno-bd/forecast").json().get("fireTimes")).hasSize(14);
        assertThat(Http.get(API + "/nocturno-bd/forecast?days=0").status()).isEqualTo(400);
    }

    @Test
    void aByteIdenticalReDropIsANoOpAndANewVersionReplacesTheOld() throws Exception {
        String v1 = ScheduleFiles.nightly("semanal", "Respaldo semanal");
        drop(INBOX, "semanal.yaml", v1);
        awaitOne(INBOX.resolve(".accepted/semanal"), "-semanal.yaml");

        drop(INBOX, "semanal-copia.yaml", v1);
        awaitOne(INBOX.resolve(".accepted/semanal"), "-semanal-copia.yaml");
        assertThat(store.history("semanal")).hasSize(1);
        assertThat(Http.get(API + "/semanal").json().get("version").asInt()).isEqualTo(1);

        String v2 = v1.replace("Respaldo semanal", "Respaldo semanal (revisado)");
        drop(INBOX, "semanal-v2.yaml", v2);
        awaitOne(INBOX.resolve(".accepted/semanal"), "-semanal-v2.yaml");
        Eventually.await(WAIT, "version 2 served", () -> Http.get(API + "/semanal").json().get("version").asInt() == 2);
        JsonNode s = Http.get(API + "/semanal").json();
        assertThat(s.get("title").asText()).isEqualTo("Respaldo semanal (revisado)");
        assertThat(s.get("history")).extracting(h -> h.get("sourceFile").asText())
                .containsExactly("semanal.yaml", "semanal-v2.yaml");
    }

    @Test
    void aBadFileIsRejectedWithEveryProblemAndTheActiveVersionStays() throws Exception {
        drop(INBOX, "diario.yaml", ScheduleFiles.nightly("diario", "Respaldo diario"));
        awaitOne(INBOX.resolve(".accepted/diario"), "-diario.yaml");

        String bad = ScheduleFiles.nightly("diario", "Respaldo diario")
                .replace("end: \"02:00\"", "end: \"25:00\"")
                .replace("owner: director@mineco.gob.gt", "owner: director-sin-arroba")
                .replace("timezone: America/Guatemala", "timezone: America/Guatemala\nwindw: 1");
        drop(INBOX, "diario-malo.yaml", bad);

        Path rejected = awaitOne(INBOX.resolve(".rejected"), "-diario-malo.yaml");
        assertThat(Files.readString(rejected)).isEqualTo(bad);
        Path reason = rejected.resolveSibling(rejected.getFileName() + ".reason.txt");
        String text = Files.readString(reason);
        assertThat(text).contains("window.end", "owner", "windw", "did you mean \"window\"", "¿quiso decir \"window\"?")
                .contains("ES: ", "EN: ").contains("Problemas / Problems: 3");

        JsonNode s = Http.get(API + "/diario").json();
        assertThat(s.get("version").asInt()).isEqualTo(1);
        assertThat(s.at("/window/end").asText()).isEqualTo("02:00");
        assertThat(store.history("diario")).hasSize(1);
    }

    @Test
    void otherExtensionsAreRejectedAndHiddenFilesAreNotRead() throws Exception {
        drop(INBOX, "notas.txt", "version: 1\n");
        Path rejected = awaitOne(INBOX.resolve(".rejected"), "-notas.txt");
        assertThat(Files.readString(rejected.resolveSibling(rejected.getFileName() + ".reason.txt")))
                .contains(".yaml, .yml o .json");

        Files.writeString(INBOX.resolve(".borrador.yaml"), "id: [unclosed");
        TimeUnit.MILLISECONDS.sleep(1500);
        assertThat(INBOX.resolve(".borrador.yaml")).exists();
        assertThat(find(INBOX.resolve(".rejected"), "borrador.yaml")).isEmpty();
    }

    @Test
    void aFileStillBeingWrittenIsNotReadHalfWay() throws Exception {
        String content = ScheduleFiles.nightly("lento", "Copia lenta");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path target = INBOX.resolve("lento.yaml");
        Files.write(target, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        for (int i = 0; i < 3; i++) {
            TimeUnit.MILLISECONDS.sleep(300);
            Files.write(target, java.util.Arrays.copyOf(bytes, bytes.length / 2 + i));
        }
        Files.write(target, bytes);
        Path archived = awaitOne(INBOX.resolve(".accepted/lento"), "-lento.yaml");
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(find(INBOX.resolve(".rejected"), "lento.yaml")).isEmpty();
    }

    @Test
    void unknownIdIs404WithAJsonBody() {
        Http.Answer a = Http.get(API + "/no-existe");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("error").asText()).contains("no-existe");
        assertThat(a.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void unknownPathsAndRefusedMethodsAnswerJsonErrorsLikeTheRestOfTheApi() {
        Http.Answer unknown = Http.get("http://127.0.0.1:" + HTTP + "/nada/aqui");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/json");
        assertThat(unknown.json().get("status").asInt()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("/nada/aqui");
        for (String method : new String[] {"POST", "DELETE", "PUT"}) {
            Http.Answer refused = Http.send(method, API);
            assertThat(refused.status()).as(method).isEqualTo(405);
            assertThat(refused.contentType()).as(method).startsWith("application/json");
            assertThat(refused.json().get("error").asText()).as(method).contains(method, "/api/schedules");
        }
    }

    @Test
    void queryValuesAreNeverSentBackAsResponseHeadersSoALineBreakInOneIsHarmless() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + HTTP + "/api/runs?schedule=a%0D%0AX-Inyectada:%20si&limit=5"))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
        assertThat(r.headers().map().keySet()).as("only the answer's own headers")
                .noneMatch(h -> h.equalsIgnoreCase("schedule") || h.equalsIgnoreCase("limit") || h.equalsIgnoreCase("X-Inyectada"));
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void aTriggerFiresAtItsTimeAndTheFireIsRecordedAndHandedToTheRun() throws Exception {
        ZoneId zone = ZoneId.of("America/Guatemala");
        ZonedDateTime at = ZonedDateTime.now(zone).plusSeconds(4).withNano(0);
        NotifyBuilder run = new NotifyBuilder(context).fromRoute("schedule-fired").whenDone(1).create();
        drop(INBOX, "pronto.yaml", ScheduleFiles.firingAt("pronto", at));
        awaitOne(INBOX.resolve(".accepted/pronto"), "-pronto.yaml");
        assertThat(Http.get(API + "/pronto").json().at("/nextFireTimes/0").asText())
                .isEqualTo(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));

        assertThat(run.matches(15, TimeUnit.SECONDS)).as("the run route received the fire").isTrue();
        List<ScheduleStore.Fire> fires = store.fires("pronto");
        assertThat(fires).hasSize(1);
        assertThat(fires.get(0).scheduled()).isEqualTo(at.toInstant());
        assertThat(fires.get(0).version()).isEqualTo(1);
        assertThat(fires.get(0).actual()).isBetween(at.toInstant(), at.toInstant().plusSeconds(5));
        var runs = Http.get("http://127.0.0.1:" + HTTP + "/api/runs?schedule=pronto").json();
        assertThat(runs).as("the fire has its run").hasSize(1);
        assertThat(runs.get(0).get("scheduledFireTime").asText()).isEqualTo(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(at.toInstant().atOffset(java.time.ZoneOffset.UTC)));
    }

    @Test
    void disablingASchedulesRemovesItsTrigger() throws Exception {
        String on = ScheduleFiles.nightly("apagable", "Se desactiva");
        drop(INBOX, "apagable.yaml", on);
        awaitOne(INBOX.resolve(".accepted/apagable"), "-apagable.yaml");
        assertThat(entry(Http.get(API).json(), "apagable").get("nextFireTime").isNull()).isFalse();

        drop(INBOX, "apagable-off.yaml", on.replace("cron:", "enabled: false\ncron:"));
        awaitOne(INBOX.resolve(".accepted/apagable"), "-apagable-off.yaml");
        Eventually.await(WAIT, "version 2", () -> Http.get(API + "/apagable").json().get("version").asInt() == 2);
        JsonNode entry = entry(Http.get(API).json(), "apagable");
        assertThat(entry.get("enabled").asBoolean()).isFalse();
        assertThat(entry.get("nextFireTime").isNull()).isTrue();
        assertThat(Http.get(API + "/apagable").json().get("nextFireTimes")).isEmpty();
        assertThat(store.history("apagable")).hasSize(2);
    }

    private static Path awaitOne(Path dir, String suffix) {
        Eventually.await(WAIT, "a file ending " + suffix + " in " + dir, () -> find(dir, suffix).size() == 1);
        return find(dir, suffix).get(0);
    }

    private static JsonNode entry(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no schedule " + id + " in " + list);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
