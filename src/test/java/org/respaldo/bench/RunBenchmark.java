package org.respaldo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * make bench: one run of 200 Veeam jobs of 2 simulated seconds each, 4 in parallel, against the
 * simulator over HTTPS. Reports the run's duration against the ideal (50 × 2 s) and the Veeam
 * requests per job. Target: ≤ 1.05 × ideal.
 */
@Tag("bench")
class RunBenchmark {

    static final int JOBS = Integer.getInteger("bench.jobs", 200);
    static final int PARALLEL = 4;
    static final int SMTP = org.respaldo.testing.Ports.free();
    static final Duration JOB = Duration.ofSeconds(2);
    static final Path DATA = Path.of("target/bench/run");
    static final ZoneId GT = ZoneId.of("America/Guatemala");

    @Test
    void twoHundredJobsFourInParallel() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Files.createDirectories(DATA);
        Path inventory = DATA.resolve("inventory.yaml");
        Files.writeString(inventory, inventory());
        com.icegreen.greenmail.util.GreenMail mail = org.respaldo.testing.Mailboxes.start(SMTP, org.respaldo.testing.Ports.free());
        try (VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0)
                .withInventory(inventory));
                RespaldoApp app = RespaldoApp.start(DATA.resolve("app"), org.respaldo.testing.Ports.free(), Map.of(
                        "respaldo.veeam.principal.url", sim.baseUri().toString(),
                        "respaldo.veeam.principal.truststore", sim.certificatePem().toString(),
                        "respaldo.veeam.principal.poll-interval-ms", "50",
                        "respaldo.run.max-parallel-jobs", String.valueOf(PARALLEL),
                        "respaldo.intake.min-age-ms", "200",
                        "respaldo.mail.host", "127.0.0.1",
                        "respaldo.mail.port", String.valueOf(SMTP),
                        "respaldo.mail.from", "respaldo@mineco.local"))) {
            ZonedDateTime now = ZonedDateTime.now(GT);
            sim.admin().clearRequests();
            ScheduleFiles.drop(DATA.resolve("app/inbox"), "bench.yaml", """
                    version: 1
                    id: bench-run
                    title: Benchmark 200 jobs
                    owner: director@mineco.local
                    cron: "0 0 %d * * ?"
                    timezone: America/Guatemala
                    window: {start: "%02d:00", end: "%02d:00"}
                    veeam: {jobs: ["BENCH-*"]}
                    storage: {repository: Repositorio-Bench, path: 'D:\\Bench'}
                    notify: {director: director@mineco.local}
                    """.formatted(now.getHour(), now.getHour(), (now.getHour() + 3) % 24));
            ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
            Eventually.await(Duration.ofSeconds(20), "schedule registered", () -> registry.get("bench-run").isPresent());

            long start = System.nanoTime();
            Instant fireAt = Instant.now();
            app.context().createProducerTemplate().sendBody("direct:run", new Fire("bench-run", 1, fireAt, fireAt));
            double seconds = (System.nanoTime() - start) / 1e9;

            JsonNode runs = Http.get(app.url("/api/runs?schedule=bench-run&limit=1")).json();
            JsonNode run = Http.get(app.url("/api/runs/" + runs.get(0).get("id").asText())).json();
            long succeeded = 0;
            for (JsonNode j : run.get("jobs")) {
                succeeded += "SUCCESS".equals(j.get("result").asText()) ? 1 : 0;
            }
            JsonNode backup = null;
            for (JsonNode s : run.get("stages")) {
                if ("backup".equals(s.get("name").asText())) {
                    backup = s;
                }
            }
            double backupSeconds = Duration.between(Instant.parse(backup.get("startedAt").asText()),
                    Instant.parse(backup.get("endedAt").asText())).toMillis() / 1000.0;
            double ideal = Math.ceil(JOBS / (double) PARALLEL) * JOB.toSeconds();
            long requests = sim.admin().counters().values().stream().mapToLong(Long::longValue).sum();
            long polls = sim.admin().count("GET /api/v1/sessions/{id}");
            long tokens = sim.admin().count("POST /api/oauth2/token");
            String table = """

                    | figure (%d jobs × %d s simulated, %d in parallel, poll every 50 ms) | measured | target |
                    |---|---|---|
                    | run duration (fire → %s), result %s, %d/%d jobs SUCCESS | %.1f s = %.3f × ideal (%.0f s) | ≤ 1.05 × ideal |
                    | backup stage alone | %.1f s = %.3f × ideal | |
                    | Veeam requests per job (all endpoints) | %.1f | |
                    | session polls per job | %.1f (bound: duration / interval + 2 = %d) | |
                    | token requests for the whole run | %d | 1 per token lifetime |
                    """.formatted(JOBS, JOB.toSeconds(), PARALLEL, run.get("status").asText(), run.get("result").asText(), succeeded, JOBS, seconds,
                    seconds / ideal, ideal, backupSeconds, backupSeconds / ideal, requests / (double) JOBS,
                    polls / (double) JOBS, JOB.toMillis() / 50 + 2, tokens);
            System.out.println(table);
            Files.writeString(Path.of("target/bench/run-results.md"), table);
            if (seconds > 1.05 * ideal || succeeded != JOBS || !"CONCLUDED".equals(run.get("status").asText())) {
                System.out.println("bench: a target was MISSED (see the table above); run status " + run.get("status").asText());
            }
        } finally {
            mail.stop();
        }
    }

    private static String inventory() {
        StringBuilder b = new StringBuilder("""
                server: {name: VBR-BENCH, timeZone: America/Guatemala}
                users:
                  - {username: respaldo, password: respaldo-demo}
                repositories:
                  - {name: Repositorio-Bench, type: WinLocal, description: bench, hostName: bench.local, path: 'D:\\Bench', capacityGB: 100000, freeGB: 90000}
                jobs:
                """);
        for (int i = 1; i <= JOBS; i++) {
            b.append("""
                      - name: BENCH-%03d
                        type: VSphereBackup
                        description: bench job %d
                        repository: Repositorio-Bench
                        objects: [{name: vm-%03d, hostName: vc.local, sizeGB: 1}]
                        behaviour: {outcome: Success, duration: %ds}
                    """.formatted(i, i, i, JOB.toSeconds()));
        }
        return b.toString();
    }
}
