package org.respaldo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.testing.Http;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * make bench: 10,000 schedule files dropped into the inbox of a running Respaldo; reports files
 * registered per second, heap used, and the start-up time (process start to /observe/health UP)
 * of {@code java -jar target/respaldo.jar} with those 10,000 schedules stored.
 * Targets (2 cores): >= 200 files/s, heap < 256 MB, start-up <= 5 s.
 */
@Tag("bench")
class IntakeBenchmark {

    static final int FILES = Integer.getInteger("bench.files", 10_000);
    static final Path DATA = Path.of("target/bench/intake");
    static final int PORT = org.respaldo.testing.Ports.free();
    static final int CHILD_PORT = org.respaldo.testing.Ports.free();

    @Test
    void tenThousandScheduleFiles() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Path staging = DATA.resolve("staging");
        Path inbox = DATA.resolve("inbox");
        Files.createDirectories(staging);
        Files.createDirectories(inbox);
        for (int i = 0; i < FILES; i++) {
            String id = "bench-%05d".formatted(i);
            String content = ScheduleFiles.nightly(id, "Benchmark " + i)
                    .replace("0 0 23 * * ?", "0 %d 23 * * ?".formatted(i % 60));
            Files.writeString(staging.resolve(id + (i % 3 == 0 ? ".json.yaml" : ".yaml")), content);
        }
        long registerNanos;
        long heapUsed;
        try (RespaldoApp app = RespaldoApp.start(DATA, PORT, Map.of("respaldo.intake.min-age-ms", "1000",
                "respaldo.intake.poll-delay-ms", "500"))) {
            ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
            long start = System.nanoTime();
            try (var files = Files.list(staging)) {
                for (Path p : files.toList()) {
                    Files.move(p, inbox.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            int last = 0;
            long lastReport = System.nanoTime();
            while (registry.size() < FILES) {
                Thread.sleep(100);
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    last = registry.size();
                    System.out.printf("bench: %d/%d registered (%d%%)%n", last, FILES, last * 100 / FILES);
                    lastReport = System.nanoTime();
                }
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new AssertionError("only " + registry.size() + " of " + FILES + " registered after 5 minutes");
                }
            }
            registerNanos = System.nanoTime() - start;
            System.gc();
            Thread.sleep(500);
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            heapUsed = heap.getUsed();
        }
        double seconds = registerNanos / 1e9;
        double perSecond = FILES / seconds;
        StartUp startUp = measureStartUp("-Xmx256m", "-XX:TieredStopAtLevel=1");
        StartUp startUpDefaultJit = measureStartUp("-Xmx256m");
        String table = """

                | figure (%d schedule files, 2 cores) | measured | target |
                |---|---|---|
                | files registered per second (drop → all registered, incl. the 1 s read-lock age) | %.0f files/s (%.1f s) | ≥ 200 |
                | heap used after registering them (after GC, in-process) | %d MB | < 256 MB |
                | start-up with %d schedules stored (`java -Xmx256m -XX:TieredStopAtLevel=1 -jar`, process start → /observe/health UP) | %.2f s | ≤ 5 s |
                | the same with the JVM's default JIT (`java -Xmx256m -jar`) | %.2f s | |
                """.formatted(FILES, perSecond, seconds, heapUsed / (1024 * 1024), FILES, startUp.seconds, startUpDefaultJit.seconds);
        System.out.println(table);
        Files.writeString(Path.of("target/bench/intake-results.md"), table);
        if (perSecond < 200 || heapUsed >= 256L * 1024 * 1024 || startUp.seconds > 5) {
            System.out.println("bench: a target was MISSED (see the table above)");
        }
    }

    record StartUp(double seconds) {
    }

    /** Starts the packaged jar as the README's production command does, on the data dir that now holds FILES schedules. */
    private static StartUp measureStartUp(String... jvmFlags) throws IOException, InterruptedException {
        Path jar = Path.of("target/respaldo.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError("target/respaldo.jar is missing: run `make package` first (make bench does)");
        }
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.util.List.of(jvmFlags));
        command.addAll(java.util.List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RESPALDO_PROFILE", "prod");
        pb.environment().put("RESPALDO_DATA_DIR", DATA.toString());
        pb.environment().put("RESPALDO_HTTP_PORT", String.valueOf(CHILD_PORT));
        pb.environment().put("RESPALDO_VEEAM_PRINCIPAL_URL", "https://127.0.0.1:9419");
        pb.environment().put("RESPALDO_VEEAM_PRINCIPAL_USERNAME", "respaldo");
        pb.environment().put("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "bench-only");
        pb.environment().put("RESPALDO_MAIL_HOST", "127.0.0.1");
        pb.environment().put("RESPALDO_MAIL_FROM", "respaldo@bench.local");
        pb.redirectErrorStream(true).redirectOutput(DATA.resolve("startup.log").toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            String url = "http://127.0.0.1:" + CHILD_PORT + "/observe/health";
            while (true) {
                if (!p.isAlive()) {
                    throw new AssertionError("respaldo.jar exited with " + p.exitValue() + "; see " + DATA.resolve("startup.log"));
                }
                try {
                    if (Http.get(url).body().contains("\"UP\"")) {
                        return new StartUp((System.nanoTime() - start) / 1e9);
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() - start > 60_000_000_000L) {
                    throw new AssertionError("no health UP within 60 s; see " + DATA.resolve("startup.log"));
                }
                Thread.sleep(20);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
