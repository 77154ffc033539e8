package org.respaldo.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLifecycleTest {

    static final String INVENTORY = """
            server: {name: VBR-TEST, timeZone: America/Guatemala}
            users: [{username: respaldo, password: respaldo-demo}]
            repositories:
              - {name: Repo-A, path: 'D:\\\\Backups', capacityGB: 1000, freeGB: 500}
              - {name: Repo-Small, path: 'F:\\\\Tiny', capacityGB: 100, freeGB: 1}
              - {name: Repo-Offline, path: 'G:\\\\Gone', capacityGB: 100, freeGB: 90, online: false}
            jobs:
              - name: Job-OK
                repository: Repo-A
                objects: [{name: vm-a, sizeGB: 100}, {name: vm-b, sizeGB: 50}]
                behaviour: {outcome: Success, duration: 2h, waits: [{state: WaitingSlot, duration: 20m}]}
              - name: Job-Warn
                repository: Repo-A
                objects: [{name: vm-c, sizeGB: 10}]
                behaviour: {outcome: Warning, duration: 1h, log: [{status: Warning, title: "VSS snapshot took long on vm-c"}]}
              - name: Job-Fail
                repository: Repo-A
                objects: [{name: vm-d, sizeGB: 10}]
                behaviour: {outcome: Failed, duration: 1h, message: "Error: guest processing failed on vm-d", retryOutcome: Success}
              - name: Job-Long
                repository: Repo-A
                objects: [{name: vm-e, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 1000h}
              - name: Job-Offline
                repository: Repo-Offline
                objects: [{name: vm-g, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 1h, waits: [{state: WaitingRepository, duration: 30m}]}
              - name: Job-Empty
                repository: Repo-A
                behaviour: {outcome: Success, duration: 1h}
              - name: Job-Full-Repo
                repository: Repo-Small
                objects: [{name: vm-f, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 1h}
            """;

    @TempDir
    static Path dir;
    static SimHarness h;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, INVENTORY);
        h = SimHarness.start(SimHarness.options(dir).withInventory(inventory).withTimeScale(3600));
        token = h.login("1.3-rev1");
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void successfulRunRisesThroughTheStatesThenCreatesRestorePointsAndUsesSpace() throws Exception {
        JsonNode job = h.job("Job-OK", "1.3-rev1", token);
        double freeBefore = freeGB("Repo-A");
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", "1.3-rev1", token,
                "{\"performActiveFull\":false}");
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        JsonNode session = start.json();
        assertThat(session.get("jobId").asText()).isEqualTo(job.get("id").asText());
        assertThat(session.get("result").get("result").asText()).isEqualTo("None");
        assertThat(session.has("endTime")).isFalse();

        List<JsonNode> seen = h.pollUntilStopped(session.get("id").asText(), "1.3-rev1", token, Duration.ofSeconds(10));
        List<String> states = seen.stream().map(s -> s.get("state").asText()).distinct().toList();
        assertThat(states).contains("WaitingSlot", "Working", "Stopped");
        int last = -1;
        for (JsonNode s : seen) {
            assertThat(s.get("progressPercent").asInt()).isGreaterThanOrEqualTo(last);
            last = s.get("progressPercent").asInt();
        }
        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("progressPercent").asInt()).isEqualTo(100);
        assertThat(done.get("result").get("result").asText()).isEqualTo("Success");
        assertThat(done.get("endTime").asText()).isNotEmpty();

        JsonNode backups = h.get("/api/v1/backups?jobIdFilter=" + job.get("id").asText(), "1.3-rev1", token).json();
        assertThat(backups.get("data")).hasSize(1);
        String backupId = backups.get("data").get(0).get("id").asText();
        String after = java.net.URLEncoder.encode(before.toString(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode points = h.get("/api/v1/restorePoints?backupIdFilter=" + backupId + "&createdAfterFilter=" + after,
                "1.3-rev1", token).json();
        assertThat(points.get("data")).extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("vm-a", "vm-b");
        assertThat(points.get("data").get(0).get("type").asText()).isEqualTo("Full");
        assertThat(freeGB("Repo-A")).isLessThan(freeBefore);

        JsonNode logs = h.get("/api/v1/sessions/" + session.get("id").asText() + "/logs", "1.3-rev1", token).json();
        assertThat(logs.get("totalRecords").asInt()).isGreaterThan(4);
        assertThat(logs.get("records").get(0).get("title").asText()).startsWith("Job finished at");
        JsonNode tasks = h.get("/api/v1/sessions/" + session.get("id").asText() + "/taskSessions", "1.3-rev1", token).json();
        assertThat(tasks.get("data")).hasSize(2);
    }

    @Test
    void warningAndFailedOutcomesAndRetryOn13() throws Exception {
        JsonNode warn = run("Job-Warn");
        assertThat(warn.get("result").get("result").asText()).isEqualTo("Warning");
        assertThat(warn.get("result").get("message").asText()).contains("VSS snapshot");

        JsonNode failed = run("Job-Fail");
        assertThat(failed.get("result").get("result").asText()).isEqualTo("Failed");
        assertThat(failed.get("result").get("message").asText()).isEqualTo("Error: guest processing failed on vm-d");
        JsonNode job = h.job("Job-Fail", "1.3-rev1", token);
        SimHarness.Reply noRetry = h.post("/api/v1/jobs/" + job.get("id").asText() + "/retry", "1.2-rev1", token, null);
        assertThat(noRetry.status()).isEqualTo(404);
        SimHarness.Reply retry = h.post("/api/v1/jobs/" + job.get("id").asText() + "/retry", "1.3-rev1", token, "{}");
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.json().get("name").asText()).isEqualTo("Job-Fail (Retry 1)");
        List<JsonNode> seen = h.pollUntilStopped(retry.json().get("id").asText(), "1.3-rev1", token, Duration.ofSeconds(10));
        assertThat(seen.get(seen.size() - 1).get("result").get("result").asText()).isEqualTo("Success");
        JsonNode states = h.get("/api/v1/jobs/states?idFilter=" + job.get("id").asText(), "1.3-rev1", token).json();
        assertThat(states.get("data").get(0).get("lastResult").asText()).isEqualTo("Success");
    }

    @Test
    void secondStartOfARunningJobIs400AndGracefulStopCancels() throws Exception {
        JsonNode job = h.job("Job-Long", "1.3-rev1", token);
        String id = job.get("id").asText();
        SimHarness.Reply first = h.post("/api/v1/jobs/" + id + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
        assertThat(first.status()).isEqualTo(201);
        SimHarness.Reply second = h.post("/api/v1/jobs/" + id + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json().get("message").asText()).contains("already running");
        JsonNode running = h.get("/api/v1/jobs/states?nameFilter=Job-Long", "1.3-rev1", token).json().get("data").get(0);
        assertThat(running.get("status").asText()).isIn("Running", "Starting");
        SimHarness.Reply stop = h.post("/api/v1/jobs/" + id + "/stop", "1.3-rev1", token, "{\"gracefulStop\":true}");
        assertThat(stop.status()).isEqualTo(201);
        assertThat(stop.json().get("state").asText()).isIn("Stopping", "Stopped");
        List<JsonNode> seen = h.pollUntilStopped(first.json().get("id").asText(), "1.3-rev1", token, Duration.ofSeconds(5));
        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("result").get("isCanceled").asBoolean()).isTrue();
        assertThat(h.post("/api/v1/jobs/" + id + "/stop", "1.3-rev1", token, null).status()).isEqualTo(400);
    }

    @Test
    void aFullRepositoryFailsTheJobAndUnknownIdsAre404() throws Exception {
        JsonNode done = run("Job-Full-Repo");
        assertThat(done.get("result").get("result").asText()).isEqualTo("Failed");
        assertThat(done.get("result").get("message").asText()).contains("Not enough free space");
        SimHarness.Reply missing = h.get("/api/v1/sessions/2b0f9f7e-3c1b-4a7e-8f7e-2b9a3c4d5e6f", "1.3-rev1", token);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("errorCode").asText()).isEqualTo("NotFound");
        assertThat(missing.json().get("resourceId").asText()).isEqualTo("2b0f9f7e-3c1b-4a7e-8f7e-2b9a3c4d5e6f");
    }

    @Test
    void nothingToProcessIs204OnlyOn13rev2AndAnOfflineRepositoryFailsTheRun() throws Exception {
        JsonNode empty = h.job("Job-Empty", "1.3-rev1", token);
        SimHarness.Reply rev2 = h.post("/api/v1/jobs/" + empty.get("id").asText() + "/start", "1.3-rev2", token, "{\"performActiveFull\":false}");
        assertThat(rev2.status()).isEqualTo(204);
        assertThat(rev2.body()).isEmpty();

        JsonNode job = h.job("Job-Offline", "1.3-rev1", token);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
        List<JsonNode> seen = h.pollUntilStopped(start.json().get("id").asText(), "1.3-rev1", token, Duration.ofSeconds(10));
        assertThat(seen).extracting(n -> n.get("state").asText()).contains("WaitingRepository");
        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("result").get("result").asText()).isEqualTo("Failed");
        assertThat(done.get("result").get("message").asText()).contains("Repo-Offline").contains("not available");
        assertThat(h.get("/api/v1/backupInfrastructure/repositories/states?isOnlineFilter=false", "1.3-rev1", token)
                .json().get("data")).extracting(r -> r.get("name").asText()).containsExactly("Repo-Offline");
    }

    private JsonNode run(String name) throws Exception {
        JsonNode job = h.job(name, "1.3-rev1", token);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", "1.3-rev1", token,
                "{\"performActiveFull\":false}");
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        List<JsonNode> seen = h.pollUntilStopped(start.json().get("id").asText(), "1.3-rev1", token, Duration.ofSeconds(10));
        return seen.get(seen.size() - 1);
    }

    private double freeGB(String repository) throws Exception {
        JsonNode states = h.get("/api/v1/backupInfrastructure/repositories/states?nameFilter=" + repository, "1.3-rev1", token).json();
        return states.get("data").get(0).get("freeGB").asDouble();
    }
}
