package org.respaldo.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo inventory seen through each revision. */
class RevisionShapingTest {

    @TempDir
    static Path dir;
    static SimHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SimHarness.start(SimHarness.options(dir).withTimeScale(600));
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void demoInventoryHasTheContractNames() throws Exception {
        String token = h.login("1.3-rev1");
        JsonNode jobs = h.get("/api/v1/jobs/states", "1.3-rev1", token).json().get("data");
        assertThat(jobs).extracting(j -> j.get("name").asText() + " -> " + j.get("repositoryName").asText())
                .containsExactlyInAnyOrder(
                        "BD-SQLServer-Produccion -> Repositorio-CD-Local",
                        "BD-Oracle-SIAF -> Repositorio-CD-Local",
                        "BD-PostgreSQL-Portal -> Repositorio-CD-Local",
                        "BD-MySQL-Intranet -> Repositorio-CD-Local",
                        "BD-SQLServer-Fisico -> Repositorio-CD-Local",
                        "BD-HyperV-Tramites -> Repositorio-CD-Local",
                        "FS-Expedientes -> Repositorio-CD-Secundario");
        JsonNode repos = h.get("/api/v1/backupInfrastructure/repositories/states", "1.3-rev1", token).json().get("data");
        assertThat(repos).extracting(r -> r.get("name").asText() + " " + r.get("path").asText())
                .containsExactlyInAnyOrder("Repositorio-CD-Local D:\\Backups", "Repositorio-CD-Secundario E:\\Backups");
        JsonNode repoModel = h.get("/api/v1/backupInfrastructure/repositories/" + repos.get(0).get("id").asText(), "1.3-rev1", token).json();
        assertThat(repoModel.get("repository").get("path").asText()).endsWith("Backups");
    }

    @Test
    void enumCasingJobTypeAndDefaultLimitFollowTheRevision() throws Exception {
        String token = h.login("1.2-rev1");
        JsonNode v12 = h.get("/api/v1/jobs/states", "1.2-rev1", token).json();
        assertThat(v12.get("data").get(0).get("type").asText()).isEqualTo("Backup");
        assertThat(v12.get("data").get(0).get("status").asText()).isEqualTo("inactive");
        assertThat(v12.get("data").get(0).get("workload").asText()).isEqualTo("vm");
        assertThat(v12.get("data").get(0).has("highPriority")).isFalse();
        assertThat(v12.get("pagination").has("limit")).isFalse();

        JsonNode v130 = h.get("/api/v1/jobs/states", "1.3-rev0", token).json();
        assertThat(v130.get("data").get(0).get("type").asText()).isEqualTo("VSphereBackup");
        assertThat(v130.get("data").get(0).get("status").asText()).isEqualTo("inactive");
        assertThat(v130.get("pagination").get("limit").asInt()).isEqualTo(200);

        JsonNode v131 = h.get("/api/v1/jobs/states", "1.3-rev1", token).json();
        assertThat(v131.get("data").get(0).get("status").asText()).isEqualTo("Inactive");
        assertThat(v131.get("data").get(0).get("workload").asText()).isEqualTo("Vm");

        JsonNode job12 = h.get("/api/v1/jobs", "1.2-rev1", token).json().get("data").get(0);
        assertThat(job12.get("schedule").get("daily").get("days").get(0).asText()).isEqualTo("sunday");
        JsonNode job131 = h.get("/api/v1/jobs", "1.3-rev1", token).json().get("data").get(0);
        assertThat(job131.get("schedule").get("daily").get("days").get(0).asText()).isEqualTo("Sunday");
    }

    @Test
    void everyEndpointAnswersInEveryRevision() throws Exception {
        String token = h.login("1.3-rev1");
        JsonNode job = h.job("BD-PostgreSQL-Portal", "1.3-rev1", token);
        String jobId = job.get("id").asText();
        h.sim.admin().setBehaviour("BD-PostgreSQL-Portal", Inventory.Behaviour.success(Duration.ofSeconds(30)));
        SimHarness.Reply start = h.post("/api/v1/jobs/" + jobId + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
        String sessionId = start.json().get("id").asText();
        h.pollUntilStopped(sessionId, "1.3-rev1", token, Duration.ofSeconds(5));
        String repoId = h.get("/api/v1/backupInfrastructure/repositories", "1.3-rev1", token).json().get("data").get(0).get("id").asText();
        for (ApiRevision rev : ApiRevision.values()) {
            String v = rev.header();
            for (String path : List.of("/api/v1/serverTime", "/api/v1/serverInfo", "/api/v1/serverCertificate", "/api/v1/jobs",
                    "/api/v1/jobs/states", "/api/v1/jobs/" + jobId, "/api/v1/sessions", "/api/v1/sessions/" + sessionId,
                    "/api/v1/sessions/" + sessionId + "/logs", "/api/v1/sessions/" + sessionId + "/taskSessions",
                    "/api/v1/backupInfrastructure/repositories", "/api/v1/backupInfrastructure/repositories/states",
                    "/api/v1/backupInfrastructure/repositories/" + repoId, "/api/v1/backups", "/api/v1/restorePoints")) {
                SimHarness.Reply r = h.get(path, v, token);
                boolean absent = rev == ApiRevision.V1_1_REV0 && (path.endsWith("taskSessions") || path.endsWith("restorePoints"));
                assertThat(r.status()).as(v + " " + path + ": " + r.body()).isEqualTo(absent ? 404 : 200);
            }
        }
    }

    @Test
    void revision11UsesActivityIdJobSessionTypeAndGracefullStop() throws Exception {
        String token = h.login("1.1-rev0");
        h.sim.admin().setBehaviour("BD-PostgreSQL-Portal", Inventory.Behaviour.success(Duration.ofHours(10)));
        JsonNode job = h.job("BD-PostgreSQL-Portal", "1.1-rev0", token);
        assertThat(job.get("type").asText()).isEqualTo("Backup");
        SimHarness.Reply start = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", "1.1-rev0", token,
                "{\"performActiveFull\":false}");
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        assertThat(start.json().get("activityId").asText()).isEqualTo(job.get("id").asText());
        assertThat(start.json().has("jobId")).isFalse();
        assertThat(start.json().get("sessionType").asText()).isEqualTo("Job");
        SimHarness.Reply stop = h.post("/api/v1/jobs/" + job.get("id").asText() + "/stop", "1.1-rev0", token,
                "{\"gracefullStop\":false}");
        assertThat(stop.status()).as(stop.body()).isEqualTo(201);
        assertThat(stop.json().get("state").asText()).isEqualTo("Stopped");
        assertThat(stop.json().get("result").get("isCanceled").asBoolean()).isTrue();
        assertThat(h.get("/api/v1/restorePoints", "1.1-rev0", token).status()).isEqualTo(404);
    }

    @Test
    void demoJobsFinishQuicklyAndLogsFilterByStatusOn13rev2() throws Exception {
        String token = h.login("1.3-rev2");
        JsonNode job = h.job("BD-MySQL-Intranet", "1.3-rev2", token);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + job.get("id").asText() + "/start", "1.3-rev2", token,
                "{\"performActiveFull\":false}");
        assertThat(start.status()).isEqualTo(201);
        // time scale 600: the demo's longest job (50 s + 4 s waiting) takes well under a second
        List<JsonNode> seen = h.pollUntilStopped(start.json().get("id").asText(), "1.3-rev2", token, Duration.ofSeconds(5));
        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("result").get("result").asText()).isEqualTo("Warning");
        JsonNode logs = h.get("/api/v1/sessions/" + done.get("id").asText() + "/logs?statusFilter=Warning", "1.3-rev2", token).json();
        assertThat(logs.get("records")).isNotEmpty().allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("Warning"));
    }
}
