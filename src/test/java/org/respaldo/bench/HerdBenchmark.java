package org.respaldo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.respaldo.testing.AppProcess;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Herd;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * make bench: 1,000 schedules firing in the same minute, one Veeam job of 0.5 s each, 4 at once per
 * server, Respaldo as a jar on H2 with the simulator in its own process. Measures the makespan
 * against the ideal (⌈1000/4⌉ × 0.5 s), the fire → RUNNING latency, and Respaldo's peak threads
 * and peak heap. Targets: ≤ 1.05 × ideal, p99 ≤ 2 s, threads ≤ 100, heap < 256 MB.
 */
@Tag("bench")
class HerdBenchmark {

    static final int N = Integer.getInteger("bench.herd", 1000);
    static final int PARALLEL = 4;
    static final double JOB_SECONDS = 0.5;
    static final double TIME_SCALE = 20;
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final Path DATA = Path.of("target/bench/herd");

    @Test
    void aThousandSchedulesFireInOneMinute() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        int smtp = Ports.free();
        GreenMail mail = Mailboxes.start(smtp, Ports.free());
        Path inventory = Herd.inventory(DATA.resolve("inventory.yaml"), N, (int) (JOB_SECONDS * TIME_SCALE) + "s");
        try (SimProcess sim = SimProcess.start(DATA.resolve("sim"), TIME_SCALE, inventory)) {
            int http = Ports.free();
            Map<String, String> s = new LinkedHashMap<>(AppProcess.defaults(DATA.resolve("app"), http, sim, smtp));
            s.put("respaldo.run.max-parallel-jobs", String.valueOf(PARALLEL));
            s.put("respaldo.veeam.principal.poll-interval-ms", System.getProperty("bench.poll-ms", "10"));
            String jfr = System.getProperty("bench.jfr");
            try (AppProcess app = AppProcess.start(s, Map.of(), DATA.resolve("respaldo.log"), jvmOptions(jfr))) {
                ZonedDateTime first = Herd.at(GT, Integer.getInteger("bench.lead", 60));
                long t0 = System.nanoTime();
                Herd.schedules(DATA.resolve("app/inbox"), N, first, 60);
                Eventually.await(Duration.ofSeconds(120), Duration.ofSeconds(1), "every schedule registered",
                        () -> Http.get(app.url("/api/schedules")).json().size() == N);
                System.out.printf("bench herd: %d schedules registered in %.1f s; first fire at %s%n", N,
                        (System.nanoTime() - t0) / 1e9, first);
                assertThat(ZonedDateTime.now(GT)).as("registered before the first fire (raise -Dbench.lead)").isBefore(first);
                Sampler sampler = new Sampler(app.pid());
                sampler.start();
                Eventually.await(Duration.ofMinutes(8), Duration.ofSeconds(2), "every run concluded",
                        () -> Http.get(app.url("/api/runs?status=concluded&limit=1000")).json().size() == N);
                sampler.stop();
                if (jfr != null) {
                    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(app.pid()),
                            "JFR.dump", "filename=" + Path.of(jfr).toAbsolutePath()).inheritIO().start().waitFor();
                }
                JsonNode runs = Http.get(app.url("/api/runs?limit=1000")).json();
                report(runs, first.toInstant(), sampler, sim);
            }
        } finally {
            mail.stop();
        }
    }

    /** The documented launch flags (-Xmx256m: the heap target is that Respaldo works within it). */
    private static List<String> jvmOptions(String jfr) {
        List<String> opts = new ArrayList<>(List.of("-Xmx" + System.getProperty("bench.xmx", "256m"), "-XX:TieredStopAtLevel=1"));
        if (jfr != null) {
            opts.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath() + ",settings=profile");
        }
        return opts;
    }

    private static void report(JsonNode runs, Instant firstFire, Sampler sampler, SimProcess sim) throws IOException {
        List<Double> latencies = new ArrayList<>();
        Instant lastEnd = Instant.MIN;
        Instant lastConcluded = Instant.MIN;
        int success = 0;
        for (JsonNode r : runs) {
            Instant fire = Instant.parse(r.get("scheduledFireTime").asText());
            Instant started = Instant.parse(r.get("startedAt").asText());
            Instant ended = Instant.parse(r.get("endedAt").asText());
            latencies.add(Duration.between(fire, started).toMillis() / 1000.0);
            lastEnd = ended.isAfter(lastEnd) ? ended : lastEnd;
            success += r.get("result").asText().equals("SUCCESS") ? 1 : 0;
        }
        lastConcluded = Instant.now();
        Collections.sort(latencies);
        double p50 = latencies.get(latencies.size() / 2);
        double p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        double ideal = Math.ceil(N / (double) PARALLEL) * JOB_SECONDS;
        double makespan = Duration.between(firstFire, lastEnd).toMillis() / 1000.0;
        long starts = sim.count("POST /api/v1/jobs/{id}/start");
        String table = """

                | herd: %d schedules firing within one minute, 1 job of %.1f s each, %d at once, H2 | measured | target |
                |---|---|---|
                | runs concluded, result SUCCESS, job starts in Veeam | %d, %d, %d | %d, %d, %d |
                | makespan: first fire → last backup ended | %.1f s = %.3f × ideal (%.1f s) | ≤ 1.05 × ideal |
                | fire → RUNNING latency p50 / p99 | %.2f s / %.2f s | p99 ≤ 2 s |
                | peak threads (live Java threads) | %d | ≤ 100 |
                | peak heap used | %.0f MB | < 256 MB |
                """.formatted(N, JOB_SECONDS, PARALLEL, runs.size(), success, starts, N, N, N, makespan, makespan / ideal, ideal,
                p50, p99, sampler.peakThreads(), sampler.peakHeapMb());
        System.out.println(table);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/herd-results.md"), table);
        assertThat(runs.size()).isEqualTo(N);
        assertThat(success).isEqualTo(N);
        assertThat(starts).isEqualTo(N);
        assertThat(makespan / ideal).as("makespan ÷ ideal").isLessThanOrEqualTo(1.05);
        assertThat(p99).as("p99 fire → RUNNING (s)").isLessThanOrEqualTo(2.0);
        assertThat(sampler.peakThreads()).as("peak threads").isLessThanOrEqualTo(100);
        assertThat(sampler.peakHeapMb()).as("peak heap (MB)").isLessThan(256);
    }

    /**
     * Samples Respaldo's JVM from outside once a second with jstat (heap used) and, at the end,
     * its perf counters (peak live threads).
     */
    static final class Sampler {
        private final long pid;
        private final AtomicLong peakHeapKb = new AtomicLong();
        private Process jstat;
        private Thread reader;
        private int peakThreads;

        Sampler(long pid) {
            this.pid = pid;
        }

        void start() throws IOException {
            jstat = new ProcessBuilder(tool("jstat"), "-gc", String.valueOf(pid), "1000").redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                    String header = in.readLine();
                    if (header == null) {
                        return;
                    }
                    List<String> cols = List.of(header.trim().split("\\s+"));
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] v = line.trim().split("\\s+");
                        if (v.length != cols.size() || v[0].equals(cols.get(0))) {
                            continue;
                        }
                        double used = 0;
                        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                            used += Double.parseDouble(v[cols.indexOf(c)]);
                        }
                        long kb = (long) used;
                        peakHeapKb.accumulateAndGet(kb, Math::max);
                    }
                } catch (IOException | RuntimeException e) {
                    // the JVM went away
                }
            }, "jstat-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void stop() throws Exception {
            Process p = new ProcessBuilder(tool("jcmd"), String.valueOf(pid), "PerfCounter.print").redirectErrorStream(true).start();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("java.threads.livePeak=")) {
                    peakThreads = Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
                }
            }
            p.waitFor();
            jstat.destroy();
        }

        int peakThreads() {
            return peakThreads;
        }

        double peakHeapMb() {
            return peakHeapKb.get() / 1024.0;
        }

        private static String tool(String name) {
            return Path.of(System.getProperty("java.home"), "bin", name).toString();
        }
    }
}
