package org.respaldo.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator is not the bottleneck of the client benchmark: 200 jobs, 4 lanes, hundreds of polls per second. */
class ThroughputTest {

    @TempDir
    static Path dir;
    static SimHarness h;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                users: [{username: respaldo, password: respaldo-demo}]
                repositories: [{name: Repo, path: 'D:\\\\Backups', capacityGB: 100000, freeGB: 90000}]
                jobs:
                """);
        for (int i = 1; i <= 200; i++) {
            yaml.append(String.format("  - {name: Bench-%03d, repository: Repo, objects: [{name: vm-%03d, sizeGB: 1}], behaviour: {duration: 2s}}%n", i, i));
        }
        Path inventory = dir.resolve("bench.yaml");
        Files.writeString(inventory, yaml);
        h = SimHarness.start(SimHarness.options(dir).withInventory(inventory).withTimeScale(20));
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void fourLanesRunTwoHundredJobsWithHundredsOfPollsPerSecond() throws Exception {
        String token = h.login("1.3-rev1");
        JsonNode jobs = h.get("/api/v1/jobs?limit=500", "1.3-rev1", token).json().get("data");
        assertThat(jobs).hasSize(200);
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService lanes = Executors.newFixedThreadPool(4);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int lane = 0; lane < 4; lane++) {
            futures.add(lanes.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < jobs.size()) {
                    String id = jobs.get(i).get("id").asText();
                    SimHarness.Reply start = h.post("/api/v1/jobs/" + id + "/start", "1.3-rev1", token, "{\"performActiveFull\":false}");
                    assertThat(start.status()).as(start.body()).isEqualTo(201);
                    String sid = start.json().get("id").asText();
                    while (true) {
                        SimHarness.Reply poll = h.get("/api/v1/sessions/" + sid, "1.3-rev1", token);
                        polls.incrementAndGet();
                        assertThat(poll.status()).isEqualTo(200);
                        if (poll.json().get("state").asText().equals("Stopped")) {
                            assertThat(poll.json().get("result").get("result").asText()).isEqualTo("Success");
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        lanes.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = polls.get() / seconds;
        System.out.printf("ThroughputTest: 200 jobs, %d polls in %.2f s = %.0f polls/s%n", polls.get(), seconds, rate);
        assertThat(rate).isGreaterThan(200);
        assertThat(h.sim.admin().count("POST /api/v1/jobs/{id}/start")).isEqualTo(200);
        assertThat(h.get("/api/v1/restorePoints?limit=1000", "1.3-rev1", token).json().get("pagination").get("total").asInt()).isEqualTo(200);
    }
}
