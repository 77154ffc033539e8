package org.respaldo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleJson;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.testing.Databases;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * make bench, issue 10: the console with 10,000 schedules and 100,000 runs in history on PostgreSQL (a database of its
 * own, filled with batched JDBC inserts, not through the intake). The Panel, the runs list (Ejecuciones) and a run's
 * page answer in ≤ 200 ms at p95: 50 requests each after a warm-up, timed at the client on the same machine (so the
 * figure includes the loopback, an upper bound of the server's time). The other pages of the console are measured
 * too, without a target. Fails when a target is missed.
 */
@Tag("bench")
class ConsoleBenchmark {

    static final Path OUT = Path.of("target/bench");
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final int SCHEDULES = Integer.getInteger("bench.console.schedules", 10_000);
    static final int RUNS = Integer.getInteger("bench.console.runs", 100_000);
    static final int WARMUP = 10;
    static final int SAMPLES = 50;
    static final double TARGET_MS = 200;

    static Schedule schedule(int i) {
        // 03:00 on weekdays, Guatemala: nothing fires while the benchmark runs in the working day
        return new Schedule(1, id(i), "Respaldo " + i + " del Centro de Datos", "operaciones.ti@mineco.gob.gt", true,
                "0 " + (i % 60) + " 3 ? * MON-FRI", GT, null, null, new Schedule.Window(LocalTime.of(2, 0), LocalTime.of(5, 0)), null,
                List.of(new Schedule.Blackout.Day(java.time.LocalDate.of(2026, 12, 24))),
                new Schedule.VeeamTarget("principal", List.of("BD-" + i, "Archivos-" + i), false, false),
                new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 0),
                new Schedule.Notify("director.ti@mineco.gob.gt", List.of("tecnico1@mineco.gob.gt"), "es"),
                new Schedule.Retry(0, Duration.ofMinutes(10)), Schedule.Overlap.SKIP, Schedule.Misfire.RUN, null);
    }

    static String id(int i) {
        return String.format("programacion-%05d", i);
    }

    static Timestamp ts(Instant t) {
        return Timestamp.from(t);
    }

    /** Fills the tables: the schedules and their first version, the runs (each with 3 stages and 2 jobs). */
    static void fill(String url, Instant now) throws Exception {
        String[] results = {"SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "WARNING", "FAILED", "SKIPPED", "MISSED"};
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection(url, Databases.PG_USER, null)) {
            c.setAutoCommit(false);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Instant accepted = now.minus(Duration.ofDays(120));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO schedule (id, active_version, enabled, updated_at) VALUES (?, 1, TRUE, ?)");
                    PreparedStatement v = c.prepareStatement("INSERT INTO schedule_version (schedule_id, version, accepted_at, owner, sha256,"
                            + " source_file, archived_file, content) VALUES (?, 1, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < SCHEDULES; i++) {
                    String content = ScheduleJson.toJson(schedule(i)).toString();
                    s.setString(1, id(i));
                    s.setTimestamp(2, ts(accepted));
                    s.addBatch();
                    v.setString(1, id(i));
                    v.setTimestamp(2, ts(accepted));
                    v.setString(3, "operaciones.ti@mineco.gob.gt");
                    v.setString(4, HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8))));
                    v.setString(5, id(i) + ".yaml");
                    v.setString(6, ".accepted/" + id(i) + "/x-" + id(i) + ".yaml");
                    v.setString(7, content);
                    v.addBatch();
                    if (i % 1000 == 999) {
                        s.executeBatch();
                        v.executeBatch();
                    }
                }
                s.executeBatch();
                v.executeBatch();
            }
            c.commit();
            try (PreparedStatement r = c.prepareStatement("INSERT INTO run (id, schedule_id, schedule_version, trigger_kind,"
                    + " scheduled_fire_time, queued_at, started_at, ended_at, deadline, status, result, reasons, node, director_reached,"
                    + " schedule_title, veeam_server, repository, storage_path) VALUES (?, ?, 1, 'schedule', ?, ?, ?, ?, ?, 'CONCLUDED', ?, ?,"
                    + " 'bench', TRUE, ?, 'principal', 'Repositorio-CD-Local', 'D:\\Backups')");
                    PreparedStatement st = c.prepareStatement("INSERT INTO run_stage (run_id, seq, name, started_at, ended_at, outcome,"
                            + " detail) VALUES (?, ?, ?, ?, ?, 'OK', ?)");
                    PreparedStatement j = c.prepareStatement("INSERT INTO run_job (run_id, seq, name, session_id, result, started_at,"
                            + " ended_at, attempts, message, log_records, job_id, server, state) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?,"
                            + " 'principal', 'DONE')")) {
                for (int k = 0; k < RUNS; k++) {
                    int i = k % SCHEDULES;
                    // spread over the last 100 days, newest last
                    Instant fire = now.minus(Duration.ofMinutes((long) (RUNS - k) * 100 * 24 * 60 / RUNS + 1)).truncatedTo(
                            java.time.temporal.ChronoUnit.SECONDS);
                    String result = results[random.nextInt(results.length)];
                    String runId = String.format("r-%08d", k);
                    r.setString(1, runId);
                    r.setString(2, id(i));
                    r.setTimestamp(3, ts(fire));
                    r.setTimestamp(4, ts(fire));
                    r.setTimestamp(5, ts(fire.plusSeconds(1)));
                    r.setTimestamp(6, ts(fire.plusSeconds(1800)));
                    r.setTimestamp(7, ts(fire.plusSeconds(7200)));
                    r.setString(8, result);
                    r.setString(9, result.equals("SUCCESS") ? "[]" : "[\"razón de prueba " + k + "\"]");
                    r.setString(10, "Respaldo " + i + " del Centro de Datos");
                    r.addBatch();
                    String[] stages = {"availability", "storage", "backup"};
                    for (int q = 0; q < stages.length; q++) {
                        st.setString(1, runId);
                        st.setInt(2, q);
                        st.setString(3, stages[q]);
                        st.setTimestamp(4, ts(fire.plusSeconds(q * 10L)));
                        st.setTimestamp(5, ts(fire.plusSeconds(q * 10L + 5)));
                        st.setString(6, stages[q] + " ok");
                        st.addBatch();
                    }
                    for (int q = 0; q < 2; q++) {
                        j.setString(1, runId);
                        j.setInt(2, q);
                        j.setString(3, (q == 0 ? "BD-" : "Archivos-") + i);
                        j.setString(4, "s-" + k + "-" + q);
                        j.setString(5, result.equals("FAILED") && q == 1 ? "FAILED" : "SUCCESS");
                        j.setTimestamp(6, ts(fire.plusSeconds(30)));
                        j.setTimestamp(7, ts(fire.plusSeconds(1700)));
                        j.setString(8, "Job finished");
                        j.setString(9, "[\"Processing started\",\"Processing finished\"]");
                        j.setString(10, "job-" + i + "-" + q);
                        j.addBatch();
                    }
                    if (k % 2000 == 1999) {
                        r.executeBatch();
                        st.executeBatch();
                        j.executeBatch();
                        c.commit();
                    }
                }
                r.executeBatch();
                st.executeBatch();
                j.executeBatch();
                c.commit();
            }
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            c.commit();
        }
    }

    record Figure(String page, String path, double p50, double p95, double max, Double target) {
        boolean missed() {
            return target != null && p95 > target;
        }
    }

    static Figure measure(RespaldoApp app, String page, String path, Double target) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            String p = path.replace("{i}", String.format("%08d", (i * 7919) % RUNS)).replace("{s}", id((i * 131) % SCHEDULES));
            long t0 = System.nanoTime();
            Http.Answer a = Http.get(app.url(p));
            long t1 = System.nanoTime();
            assertThat(a.status()).as(p + ": " + a.body()).isEqualTo(200);
            if (i >= WARMUP) {
                ms.add((t1 - t0) / 1e6);
            }
        }
        Collections.sort(ms);
        return new Figure(page, path, ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.get(ms.size() - 1), target);
    }

    @Test
    void thePanelTheRunsListAndARunsPageWithTenThousandSchedulesAndAHundredThousandRuns() throws Exception {
        Path dir = OUT.resolve("console");
        ScheduleFiles.deleteTree(dir);
        try (Databases.PgDatabase db = Databases.postgresDatabase()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("respaldo.db.url", db.url());
            props.put("respaldo.db.user", Databases.PG_USER);
            props.put("respaldo.cluster.enabled", "false");
            props.put("respaldo.watch.rpo-check", "PT1H");
            props.put("respaldo.veeam.health-interval", "PT1H");
            // the schema first (an empty start), then the rows, then the start that loads them
            RespaldoApp.start(dir.resolve("empty"), Ports.free(), props).close();
            Instant now = Instant.now();
            long f0 = System.nanoTime();
            fill(db.url(), now);
            double fillSeconds = (System.nanoTime() - f0) / 1e9;
            System.out.printf("bench console: %d schedules and %d runs (3 stages, 2 jobs each) inserted in %.1f s%n", SCHEDULES, RUNS,
                    fillSeconds);
            long s0 = System.nanoTime();
            try (RespaldoApp app = RespaldoApp.start(dir.resolve("app"), Ports.free(), props)) {
                double startSeconds = (System.nanoTime() - s0) / 1e9;
                assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).size()).isEqualTo(SCHEDULES);
                List<Figure> figures = new ArrayList<>();
                figures.add(measure(app, "Panel", "/", TARGET_MS));
                figures.add(measure(app, "Ejecuciones (first page)", "/ejecuciones", TARGET_MS));
                figures.add(measure(app, "Ejecuciones (page 100)", "/ejecuciones?offset=4950", TARGET_MS));
                figures.add(measure(app, "Ejecuciones of one schedule", "/ejecuciones?schedule={s}", TARGET_MS));
                figures.add(measure(app, "a run's page", "/ejecuciones/r-{i}", TARGET_MS));
                figures.add(measure(app, "¿Por qué no se ejecutó? (one schedule, 8 days)", "/por-que?schedule={s}", null));
                figures.add(measure(app, "Calendario (one schedule)", "/calendario?schedule={s}", null));
                figures.add(measure(app, "Calendario (every schedule)", "/calendario", null));
                figures.add(measure(app, "GET /api/schedules/{id}/fires", "/api/schedules/{s}/fires", null));
                StringBuilder table = new StringBuilder("""

                        | console, PostgreSQL: %,d schedules, %,d runs (%d requests each after %d) | p50 | p95 | max | target (p95) |
                        |---|---|---|---|---|
                        """.formatted(SCHEDULES, RUNS, SAMPLES, WARMUP));
                for (Figure f : figures) {
                    table.append("| %s `%s` | %.0f ms | %.0f ms | %.0f ms | %s |%n".formatted(f.page(), f.path(), f.p50(), f.p95(), f.max(),
                            f.target() == null ? "" : (f.missed() ? "**missed** " : "") + "≤ " + f.target().intValue() + " ms"));
                }
                table.append("| filling the tables (batched JDBC); start-up with them | %.1f s; %.1f s | | | |%n".formatted(fillSeconds,
                        startSeconds));
                System.out.println(table);
                Files.createDirectories(OUT);
                Files.writeString(OUT.resolve("console-results.md"), table);
                for (Figure f : figures) {
                    if (f.target() != null) {
                        assertThat(f.p95()).as(f.page() + " p95 (ms)").isLessThanOrEqualTo(f.target());
                    }
                }
            }
        }
    }
}
