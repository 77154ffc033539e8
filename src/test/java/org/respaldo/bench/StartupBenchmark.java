package org.respaldo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.respaldo.schedule.ScheduleFile;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleValidator;
import org.respaldo.testing.AppProcess;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * make bench: the start-up of {@code java -Xmx256m -XX:TieredStopAtLevel=1 -jar target/respaldo.jar}
 * (process start → /observe/health UP, every schedule loaded) with 10,000 schedules stored, against
 * the same with none, measured side by side on this machine (alternating, median of {@value #ROUNDS}):
 * the ratio does not depend on how fast the machine is. Target: ≤ 1.25.
 */
@Tag("bench")
class StartupBenchmark {

    static final int SCHEDULES = Integer.getInteger("bench.schedules", 10_000);
    static final int ROUNDS = 3;
    static final double MAX_RATIO = 1.25;
    static final Path DATA = Path.of("target/bench/startup");

    @Test
    void startUpWithTenThousandSchedulesAgainstNone() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Path empty = DATA.resolve("empty");
        Path full = DATA.resolve("full");
        fill(full, SCHEDULES);
        Files.createDirectories(empty);
        startOnce(empty); // migrates the empty database, as the full one was
        List<Double> none = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            none.add(startOnce(empty));
            many.add(startOnce(full));
        }
        double n = median(none);
        double m = median(many);
        String table = """

                | start-up, `java -Xmx256m -XX:TieredStopAtLevel=1 -jar` (process start → /observe/health UP), median of %d | measured | target |
                |---|---|---|
                | with %,d schedules stored ÷ with none | %.2f (%.2f s ÷ %.2f s) | ≤ %.2f |
                | all rounds: none / %,d | %s / %s s | |
                """.formatted(ROUNDS, SCHEDULES, m / n, m, n, MAX_RATIO, SCHEDULES, none, many);
        System.out.println(table);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/startup-results.md"), table);
        assertThat(m / n).as("start-up with %d schedules ÷ with none", SCHEDULES).isLessThanOrEqualTo(MAX_RATIO);
    }

    /** Registers {@code n} schedules (and their Quartz triggers) in a data dir, through the registry, then stops. */
    private static void fill(Path dir, int n) throws Exception {
        Instant t0 = Instant.now();
        try (RespaldoApp app = RespaldoApp.start(dir, Ports.free(), Map.of("respaldo.veeam.retry-attempts", "1"))) {
            ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
            ScheduleValidator validator = new ScheduleValidator(new ScheduleValidator.Rules(java.time.ZoneId.of("America/Guatemala"),
                    List.of("principal"), java.time.Clock.systemUTC()));
            ScheduleFile file = new ScheduleFile(262_144);
            for (int i = 0; i < n; i++) {
                String id = "arranque-%05d".formatted(i);
                String content = ScheduleFiles.nightly(id, "Arranque " + i).replace("0 0 23 * * ?", "0 %d 23 * * ?".formatted(i % 60));
                ScheduleValidator.Result r = validator.validate(file.parse(id + ".yaml", content.getBytes()).tree());
                registry.accept(r.schedule(), "%064x".formatted(i), id + ".yaml", ".accepted/" + id);
                if ((i + 1) % 2000 == 0) {
                    System.out.printf("bench start-up: %d/%d schedules stored (%d%%)%n", i + 1, n, (i + 1) * 100 / n);
                }
            }
        }
        System.out.printf("bench start-up: %d schedules stored in %d s%n", n, Duration.between(t0, Instant.now()).toSeconds());
    }

    private static double startOnce(Path dir) throws Exception {
        int port = Ports.free();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("respaldo.data-dir", dir.toAbsolutePath().toString());
        s.put("respaldo.http.port", String.valueOf(port));
        s.put("respaldo.veeam.principal.url", "https://127.0.0.1:9");
        s.put("respaldo.veeam.principal.username", "respaldo");
        s.put("respaldo.mail.host", "127.0.0.1");
        s.put("respaldo.mail.port", "9");
        s.put("respaldo.mail.from", "respaldo@bench.local");
        long start = System.nanoTime();
        try (AppProcess app = AppProcess.start(s, Map.of(), DATA.resolve("startup.log"))) {
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(Http.get(app.url("/api/schedules")).json().size()).isEqualTo(dir.endsWith("full") ? SCHEDULES : 0);
            app.stop(Duration.ofSeconds(30));
            return seconds;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
