package org.respaldo.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PagingAndFilterTest {

    @TempDir
    static Path dir;
    static SimHarness h;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                users: [{username: respaldo, password: respaldo-demo}]
                repositories: [{name: Repo, path: /backups, type: LinuxLocal, capacityGB: 100000, freeGB: 90000}]
                jobs:
                """);
        for (int i = 1; i <= 205; i++) {
            yaml.append(String.format("  - {name: Job-%03d, repository: Repo, objects: [{name: vm-%03d}], behaviour: {duration: 1s}}%n", i, i));
        }
        Path inventory = dir.resolve("big.yaml");
        Files.writeString(inventory, yaml);
        h = SimHarness.start(SimHarness.options(dir).withInventory(inventory).withTimeScale(100));
        token = h.login("1.3-rev1");
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void defaultLimitIs200On13AndEverythingOn12() throws Exception {
        JsonNode v13 = h.get("/api/v1/jobs", "1.3-rev1", token).json();
        assertThat(v13.get("data")).hasSize(200);
        assertThat(v13.get("pagination").get("total").asInt()).isEqualTo(205);
        assertThat(v13.get("pagination").get("count").asInt()).isEqualTo(200);
        JsonNode v12 = h.get("/api/v1/jobs", "1.2-rev1", token).json();
        assertThat(v12.get("data")).hasSize(205);
    }

    @Test
    void skipAndLimitWalkEveryPageOnce() throws Exception {
        Set<String> names = new HashSet<>();
        int skip = 0;
        int pages = 0;
        while (true) {
            JsonNode page = h.get("/api/v1/jobs/states?skip=" + skip + "&limit=60&orderColumn=Name&orderAsc=true", "1.3-rev1", token).json();
            JsonNode data = page.get("data");
            data.forEach(j -> names.add(j.get("name").asText()));
            pages++;
            assertThat(page.get("pagination").get("total").asInt()).isEqualTo(205);
            skip += data.size();
            if (data.size() < 60) {
                break;
            }
        }
        assertThat(pages).isEqualTo(4);
        assertThat(names).hasSize(205);
        JsonNode desc = h.get("/api/v1/jobs?orderColumn=Name&orderAsc=false&limit=1", "1.3-rev1", token).json();
        assertThat(desc.get("data").get(0).get("name").asText()).isEqualTo("Job-205");
    }

    @Test
    void nameFilterWithWildcardsAndIdFilter() throws Exception {
        JsonNode exact = h.get("/api/v1/jobs?nameFilter=Job-007", "1.3-rev1", token).json();
        assertThat(exact.get("data")).hasSize(1);
        JsonNode prefix = h.get("/api/v1/jobs?nameFilter=Job-20*", "1.3-rev1", token).json();
        assertThat(prefix.get("pagination").get("total").asInt()).isEqualTo(6);
        JsonNode infix = h.get("/api/v1/jobs?nameFilter=*b-19*", "1.3-rev1", token).json();
        assertThat(infix.get("pagination").get("total").asInt()).isEqualTo(10);
        String id = exact.get("data").get(0).get("id").asText();
        JsonNode byId = h.get("/api/v1/jobs/states?idFilter=" + id, "1.3-rev1", token).json();
        assertThat(byId.get("data")).hasSize(1);
        SimHarness.Reply bad = h.get("/api/v1/jobs/states?idFilter=not-a-uuid", "1.3-rev1", token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("idFilter");
        SimHarness.Reply badLimit = h.get("/api/v1/jobs?limit=-1", "1.3-rev1", token);
        assertThat(badLimit.status()).isEqualTo(400);
    }

    @Test
    void sessionFiltersByJobAndCreationTime() throws Exception {
        JsonNode job = h.job("Job-042", "1.3-rev1", token);
        String jobId = job.get("id").asText();
        java.time.OffsetDateTime before = java.time.OffsetDateTime.now().minusSeconds(1);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + jobId + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
        assertThat(start.status()).isEqualTo(201);
        String after = java.net.URLEncoder.encode(before.toString(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode sessions = h.get("/api/v1/sessions?jobIdFilter=" + jobId + "&createdAfterFilter=" + after
                + "&orderColumn=CreationTime&orderAsc=false&limit=1", "1.3-rev1", token).json();
        assertThat(sessions.get("data")).hasSize(1);
        assertThat(sessions.get("data").get(0).get("id").asText()).isEqualTo(start.json().get("id").asText());
        String future = java.net.URLEncoder.encode(java.time.OffsetDateTime.now().plusHours(1).toString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(h.get("/api/v1/sessions?createdAfterFilter=" + future, "1.3-rev1", token).json().get("data")).isEmpty();
    }
}
