package org.respaldo.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hyper-V and Veeam Agent jobs next to VMware ones, in every revision: which revision lists which type,
 * how each type starts, stops and retries, and what its task sessions and restore points say per object.
 * Every response is validated against the OpenAPI document of its revision afterwards.
 */
class JobTypesTest {

    static final double GB = 1024.0 * 1024 * 1024;
    static final String INVENTORY = """
            server: {name: VBR-TIPOS, timeZone: America/Guatemala}
            users: [{username: respaldo, password: respaldo-demo}]
            repositories:
              - {name: Repo-A, path: 'D:\\\\Backups', capacityGB: 10000, freeGB: 5000}
            jobs:
              - name: VM-Job
                type: VSphereBackup
                repository: Repo-A
                objects: [{name: vm-a, sizeGB: 100}, {name: vm-b, sizeGB: 10}, {name: vm-c, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 1h}
              - name: HV-Job
                type: HyperVBackup
                repository: Repo-A
                objects: [{name: hv-a, hostName: hv01.local, sizeGB: 40}, {name: hv-b, hostName: hv01.local, sizeGB: 60}]
                behaviour: {outcome: Success, duration: 1h}
              - name: WIN-Job
                type: WindowsAgentBackup
                repository: Repo-A
                history: 2
                objects:
                  - {name: srv-w1, sizeGB: 80, protectionGroup: Fisicos}
                  - {name: srv-w2, sizeGB: 20, protectionGroup: Fisicos}
                  - {name: srv-w3, sizeGB: 50, protectionGroup: Fisicos}
                behaviour:
                  outcome: Success
                  duration: 1h
                  retryOutcome: Success
                  objects: [{name: srv-w2, outcome: Failed, message: "Error: srv-w2 is not reachable over the network"}]
              - name: LNX-Job
                type: LinuxAgentBackup
                repository: Repo-A
                backupMode: FileLevel
                objects: [{name: srv-l1, sizeGB: 30}]
                behaviour: {outcome: Success, duration: 1h}
              - name: STOP-Agent
                type: WindowsAgentBackup
                repository: Repo-A
                objects: [{name: srv-s1, sizeGB: 10}, {name: srv-s2, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 8h}
              - name: STOP-HV
                type: HyperVBackup
                repository: Repo-A
                objects: [{name: hv-s1, sizeGB: 10}, {name: hv-s2, sizeGB: 10}]
                behaviour: {outcome: Success, duration: 8h}
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
    void eachRevisionListsTheJobTypesItsDocumentHas() throws Exception {
        String agentId = Datacenter.uuid("job:WIN-Job");
        String hvId = Datacenter.uuid("job:HV-Job");
        for (String rev : List.of("1.1-rev0", "1.2-rev1")) {
            JsonNode jobs = h.get("/api/v1/jobs", rev, token).json().get("data");
            assertThat(jobs).as(rev).extracting(j -> j.get("name").asText() + ":" + j.get("type").asText())
                    .containsExactly("VM-Job:Backup");
            assertThat(h.get("/api/v1/jobs/states", rev, token).json().get("data")).hasSize(1);
            assertThat(h.get("/api/v1/jobs/" + agentId, rev, token).status()).as(rev).isEqualTo(404);
            assertThat(h.post("/api/v1/jobs/" + hvId + "/start", rev, token, "{\"performActiveFull\":false}").status())
                    .isEqualTo(404);
            // the agent job's backup (it ran before) is listed, on its platform
            JsonNode backups = h.get("/api/v1/backups", rev, token).json().get("data");
            assertThat(backups).extracting(b -> b.get("name").asText() + ":" + b.get("platformName").asText())
                    .contains("WIN-Job:WindowsPhysical");
        }
        for (String rev : List.of("1.3-rev0", "1.3-rev1", "1.3-rev2")) {
            JsonNode jobs = h.get("/api/v1/jobs", rev, token).json().get("data");
            assertThat(jobs).as(rev).extracting(j -> j.get("name").asText() + ":" + j.get("type").asText())
                    .contains("VM-Job:VSphereBackup", "HV-Job:HyperVBackup", "WIN-Job:WindowsAgentBackup", "LNX-Job:LinuxAgentBackup");
            JsonNode agent = h.get("/api/v1/jobs/" + agentId, rev, token).json();
            assertThat(agent.get("computers")).extracting(c -> c.get("name").asText() + ":" + c.get("type").asText())
                    .containsExactly("srv-w1:WindowsComputer", "srv-w2:WindowsComputer", "srv-w3:WindowsComputer");
            assertThat(agent.get("backupMode").asText()).isEqualTo("EntireComputer");
            JsonNode hv = h.get("/api/v1/jobs/" + hvId, rev, token).json();
            assertThat(hv.at("/storage/backupProxies/proxyType").asText()).isEqualTo(rev.equals("1.3-rev0") ? "onHost" : "OnHost");
            assertThat(hv.at("/virtualMachines/includes/0/platform").asText()).isEqualTo("HyperV");
            JsonNode states = h.get("/api/v1/jobs/states?nameFilter=WIN-Job", rev, token).json().get("data").get(0);
            assertThat(states.get("workload").asText()).isEqualTo(rev.equals("1.3-rev0") ? "server" : "Server");
            assertThat(states.get("lastResult").asText()).isEqualTo("Success");
            JsonNode backup = h.get("/api/v1/backups?jobIdFilter=" + agentId, rev, token).json().get("data").get(0);
            assertThat(backup.get("jobType").asText()).isEqualTo("WindowsAgentBackup");
        }
        JsonNode linux = h.get("/api/v1/jobs?nameFilter=LNX-Job", "1.3-rev0", token).json().get("data").get(0);
        assertThat(linux.get("backupMode").asText()).isEqualTo("FileLevel");
        assertThat(linux.at("/files/customFiles/0").asText()).isEqualTo("/var/lib");
    }

    @Test
    void anAgentJobReportsEveryComputerAndAFailedOneHasNoRestorePointUntilTheRetry() throws Exception {
        String v = "1.3-rev1";
        JsonNode job = h.job("WIN-Job", v, token);
        String backupId = h.get("/api/v1/backups?jobIdFilter=" + job.get("id").asText(), v, token).json().at("/data/0/id").asText();
        JsonNode session = startAndWait(job, v, false);
        assertThat(session.get("sessionType").asText()).isEqualTo("AgentBackup");
        assertThat(session.get("platformName").asText()).isEqualTo("WindowsPhysical");
        assertThat(session.at("/result/result").asText()).isEqualTo("Failed");
        assertThat(session.at("/result/message").asText()).contains("srv-w2 is not reachable");
        String sid = session.get("id").asText();

        List<JsonNode> tasks = tasks(sid, v);
        assertThat(tasks).extracting(t -> t.get("name").asText()).containsExactly("srv-w1", "srv-w2", "srv-w3");
        JsonNode failed = tasks.get(1);
        assertThat(failed.at("/result/result").asText()).isEqualTo("Failed");
        assertThat(failed.at("/result/message").asText()).contains("not reachable");
        assertThat(failed.has("restorePointId")).isFalse();
        // it failed half-way: what it had processed is reported, nothing of it was kept
        assertThat(failed.at("/progress/processedSize").asLong()).isEqualTo((long) (20 * GB * 0.5));
        for (JsonNode ok : List.of(tasks.get(0), tasks.get(2))) {
            assertThat(ok.at("/result/result").asText()).isEqualTo("Success");
            assertThat(ok.get("algorithm").asText()).as("history: the chain exists").isEqualTo("Increment");
            JsonNode point = h.get("/api/v1/restorePoints/" + ok.get("restorePointId").asText(), v, token).json();
            assertThat(point.get("name").asText()).isEqualTo(ok.get("name").asText());
            assertThat(point.get("sessionId").asText()).isEqualTo(sid);
            assertThat(point.get("backupId").asText()).isEqualTo(backupId);
            assertThat(point.get("type").asText()).isEqualTo("Increment");
            assertThat(point.get("platformName").asText()).isEqualTo("WindowsPhysical");
            assertThat(point.get("guestOsFamily").asText()).isEqualTo("Windows");
            assertThat(OffsetDateTime.parse(point.get("creationTime").asText()))
                    .isAfterOrEqualTo(OffsetDateTime.parse(session.get("creationTime").asText()))
                    .isBeforeOrEqualTo(OffsetDateTime.parse(session.get("endTime").asText()));
        }
        // the processed size is the computer's size; the session's totals are the sums over its task sessions
        assertThat(tasks.get(0).at("/progress/processedSize").asLong()).isEqualTo((long) (80 * GB));
        assertThat(h.get("/api/v1/taskSessions/" + failed.get("id").asText(), v, token).json().get("name").asText())
                .isEqualTo("srv-w2");
        assertTotalsAreTheSums(job, sid, tasks, v);

        // the retry processes only the computer that failed
        SimHarness.Reply retry = h.post("/api/v1/jobs/" + job.get("id").asText() + "/retry", v, token, "{\"startChainedJobs\":false}");
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        JsonNode again = last(h.pollUntilStopped(retry.json().get("id").asText(), v, token, Duration.ofSeconds(10)));
        assertThat(again.get("name").asText()).isEqualTo("WIN-Job (Retry 1)");
        assertThat(again.at("/result/result").asText()).isEqualTo("Success");
        List<JsonNode> retried = tasks(again.get("id").asText(), v);
        assertThat(retried).extracting(t -> t.get("name").asText()).containsExactly("srv-w2");
        assertThat(retried.get(0).get("restorePointId").asText()).isNotEmpty();
    }

    @Test
    void aFullWritesMoreThanAnIncrementAndAnActiveFullStartsOver() throws Exception {
        String v = "1.3-rev2";
        JsonNode job = h.job("HV-Job", v, token);
        JsonNode first = startAndWait(job, v, false);
        assertThat(first.get("sessionType").asText()).isEqualTo("BackupJob");
        assertThat(first.get("platformName").asText()).isEqualTo("HyperV");
        List<JsonNode> full = tasks(first.get("id").asText(), v);
        List<JsonNode> increment = tasks(startAndWait(job, v, false).get("id").asText(), v);
        JsonNode activeFull = startAndWait(job, v, true);
        List<JsonNode> again = tasks(activeFull.get("id").asText(), v);
        for (int i = 0; i < 2; i++) {
            assertThat(full.get(i).get("algorithm").asText()).isEqualTo("Full");
            assertThat(increment.get(i).get("algorithm").asText()).isEqualTo("Increment");
            assertThat(again.get(i).get("algorithm").asText()).isEqualTo("Full");
            assertThat(full.get(i).get("platformType").asText()).isEqualTo("HyperV");
            long fullWritten = full.get(i).at("/progress/transferredSize").asLong();
            long incrementWritten = increment.get(i).at("/progress/transferredSize").asLong();
            assertThat(incrementWritten).isPositive().isLessThan(fullWritten);
            assertThat(increment.get(i).at("/progress/readSize").asLong()).isLessThan(full.get(i).at("/progress/readSize").asLong());
            // processed is the VM's size whatever the algorithm
            assertThat(increment.get(i).at("/progress/processedSize").asLong())
                    .isEqualTo(full.get(i).at("/progress/processedSize").asLong());
            assertThat(h.get("/api/v1/restorePoints/" + increment.get(i).get("restorePointId").asText(), v, token).json()
                    .get("type").asText()).isEqualTo("Increment");
            assertThat(h.get("/api/v1/restorePoints/" + again.get(i).get("restorePointId").asText(), v, token).json()
                    .get("type").asText()).isEqualTo("Full");
        }
        assertThat(full.get(0).at("/progress/transferredSize").asLong()).isEqualTo((long) (40 * GB * 0.45));
        assertThat(full.get(0).at("/progress/bottleneck").asText()).isEqualTo("Source");
        assertThat(full.get(0).at("/progress/processingRate").asText()).matches("[0-9.]+ [KMGT]?B/s");
        JsonNode log = h.get("/api/v1/sessions/" + activeFull.get("id").asText() + "/logs", v, token).json().get("records");
        assertThat(log).extracting(r -> r.get("title").asText()).anyMatch(t -> t.startsWith("Active full backup started"));
        assertTotalsAreTheSums(job, activeFull.get("id").asText(), again, v);
    }

    @Test
    void anAgentJobStopsAtOnceAndKeepsTheComputersAlreadyDone() throws Exception {
        String v = "1.3-rev1";
        JsonNode job = h.job("STOP-Agent", v, token);
        String sid = start(job, v, false).get("id").asText();
        awaitTasks(sid, v, t -> t.get(0).get("state").asText().equals("Postprocessing") && t.get(1).get("state").asText().equals("Working"));
        SimHarness.Reply stop = h.post("/api/v1/jobs/" + job.get("id").asText() + "/stop", v, token, "{\"gracefulStop\":true}");
        assertThat(stop.status()).as(stop.body()).isEqualTo(201);
        // no Stopping phase: agent jobs cannot stop gracefully
        assertThat(stop.json().get("state").asText()).isEqualTo("Stopped");
        assertThat(stop.json().at("/result/isCanceled").asBoolean()).isTrue();
        List<JsonNode> tasks = tasks(sid, v);
        assertThat(tasks.get(0).at("/result/result").asText()).isEqualTo("Success");
        assertThat(tasks.get(0).has("restorePointId")).isTrue();
        assertThat(tasks.get(1).at("/result/result").asText()).isEqualTo("Failed");
        assertThat(tasks.get(1).at("/result/isCanceled").asBoolean()).isTrue();
        assertThat(tasks.get(1).has("restorePointId")).isFalse();
        assertThat(tasks.get(1).at("/progress/processedSize").asLong()).isPositive().isLessThan((long) (10 * GB));
        JsonNode log = h.get("/api/v1/sessions/" + sid + "/logs", v, token).json().get("records");
        assertThat(log).extracting(r -> r.get("title").asText()).anyMatch(t -> t.startsWith("Graceful stop is not available"));
    }

    @Test
    void aGracefulStopOfAHyperVJobFinishesTheVmInProgress() throws Exception {
        String v = "1.3-rev0";
        JsonNode job = h.job("STOP-HV", v, token);
        String sid = start(job, v, false).get("id").asText();
        awaitTasks(sid, v, t -> t.get(0).get("state").asText().equals("Working"));
        SimHarness.Reply stop = h.post("/api/v1/jobs/" + job.get("id").asText() + "/stop", v, token, "{\"gracefulStop\":true}");
        assertThat(stop.status()).as(stop.body()).isEqualTo(201);
        assertThat(stop.json().get("state").asText()).isIn("Stopping", "Stopped");
        JsonNode end = last(h.pollUntilStopped(sid, v, token, Duration.ofSeconds(10)));
        assertThat(end.at("/result/result").asText()).isEqualTo("Failed");
        assertThat(end.at("/result/isCanceled").asBoolean()).isTrue();
        List<JsonNode> tasks = tasks(sid, v);
        assertThat(tasks.get(0).has("restorePointId")).as("the VM in progress was finished").isTrue();
        assertThat(tasks.get(1).has("restorePointId")).as("the VM not yet started").isFalse();
        assertThat(tasks.get(1).at("/progress/processedSize").asLong()).isZero();
    }

    @Test
    void taskSessionPagingFollowsTheRevision() throws Exception {
        JsonNode job = h.job("VM-Job", "1.2-rev1", token);
        String sid = startAndWait(job, "1.2-rev1", false).get("id").asText();
        for (String rev : List.of("1.2-rev1", "1.3-rev0")) {
            // this path documents no query parameters there: everything comes in one page
            JsonNode all = h.get("/api/v1/sessions/" + sid + "/taskSessions?limit=1", rev, token).json();
            assertThat(all.get("data")).as(rev).hasSize(3);
            assertThat(all.at("/pagination/total").asInt()).isEqualTo(3);
            JsonNode paged = h.get("/api/v1/taskSessions?sessionIdFilter=" + sid + "&limit=2", rev, token).json();
            assertThat(paged.get("data")).as(rev).hasSize(2);
            assertThat(paged.at("/pagination/total").asInt()).isEqualTo(3);
        }
        JsonNode page = h.get("/api/v1/sessions/" + sid + "/taskSessions?skip=1&limit=1", "1.3-rev1", token).json();
        assertThat(page.get("data")).extracting(t -> t.get("name").asText()).containsExactly("vm-b");
        assertThat(page.at("/pagination/total").asInt()).isEqualTo(3);
        JsonNode v12 = h.get("/api/v1/sessions/" + sid + "/taskSessions", "1.2-rev1", token).json().at("/data/0");
        assertThat(v12.get("sessionType").asText()).isEqualTo("BackupJob");
        assertThat(v12.at("/progress").has("progressPercent")).isFalse();
    }

    @Test
    void revisionsWithoutAgentJobsDoNotShowTheirSessions() throws Exception {
        JsonNode job = h.job("LNX-Job", "1.3-rev1", token);
        JsonNode session = startAndWait(job, "1.3-rev1", false);
        String sid = session.get("id").asText();
        assertThat(session.get("platformName").asText()).isEqualTo("LinuxPhysical");
        assertThat(h.get("/api/v1/sessions/" + sid, "1.2-rev1", token).status()).isEqualTo(404);
        // the path documents no 404: an invisible session has no task sessions there
        assertThat(h.get("/api/v1/sessions/" + sid + "/taskSessions", "1.2-rev1", token).json().get("data")).isEmpty();
        assertThat(h.get("/api/v1/sessions", "1.2-rev1", token).json().get("data"))
                .noneMatch(s -> s.get("id").asText().equals(sid));
        String point = tasks(sid, "1.3-rev1").get(0).get("restorePointId").asText();
        // a restore point is a restore point: listed whatever the revision, on its platform
        JsonNode old = h.get("/api/v1/restorePoints/" + point, "1.2-rev1", token).json();
        assertThat(old.get("platformName").asText()).isEqualTo("LinuxPhysical");
        assertThat(old.has("guestOsFamily")).isFalse();
        assertThat(h.get("/api/v1/restorePoints/" + point, "1.3-rev1", token).json().get("guestOsFamily").asText()).isEqualTo("Linux");
    }

    private static void assertTotalsAreTheSums(JsonNode job, String sessionId, List<JsonNode> tasks, String v) throws Exception {
        JsonNode state = h.get("/api/v1/jobs/states?idFilter=" + job.get("id").asText(), v, token).json().at("/data/0");
        assertThat(state.get("sessionId").asText()).isEqualTo(sessionId);
        JsonNode total = state.get("sessionProgress");
        for (String size : List.of("processedSize", "readSize", "transferredSize")) {
            assertThat(total.get(size).asLong()).as(size)
                    .isEqualTo(tasks.stream().mapToLong(t -> t.at("/progress/" + size).asLong()).sum());
        }
    }

    private static JsonNode start(JsonNode job, String v, boolean activeFull) throws Exception {
        SimHarness.Reply r = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", v, token,
                "{\"performActiveFull\":" + activeFull + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode startAndWait(JsonNode job, String v, boolean activeFull) throws Exception {
        return last(h.pollUntilStopped(start(job, v, activeFull).get("id").asText(), v, token, Duration.ofSeconds(10)));
    }

    private static List<JsonNode> tasks(String sessionId, String v) throws Exception {
        SimHarness.Reply r = h.get("/api/v1/sessions/" + sessionId + "/taskSessions", v, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("data").forEach(out::add);
        return out;
    }

    private static void awaitTasks(String sessionId, String v, Predicate<List<JsonNode>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> last = List.of();
        while (System.nanoTime() < deadline) {
            last = tasks(sessionId, v);
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task sessions never reached the expected states: " + last);
    }

    private static JsonNode last(List<JsonNode> seen) {
        return seen.get(seen.size() - 1);
    }
}
