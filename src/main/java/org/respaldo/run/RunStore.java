package org.respaldo.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The run history over JDBC: runs, their stages, their jobs and job session state changes. */
public final class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public RunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void create(Run run) {
        update("INSERT INTO run (id, schedule_id, schedule_version, scheduled_fire_time, started_at, status, reasons)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", run.id(), run.scheduleId(), run.scheduleVersion(),
                utc(run.scheduledFireTime()), utc(run.startedAt()), Run.Status.RUNNING.name(), json(run.reasons()));
    }

    /** Stores (or replaces) stage number {@code seq} of a run. */
    public void saveStage(String runId, int seq, Run.Stage stage) {
        inTransaction(c -> {
            exec(c, "DELETE FROM run_stage WHERE run_id = ? AND seq = ?", runId, seq);
            exec(c, "INSERT INTO run_stage (run_id, seq, name, started_at, ended_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    runId, seq, stage.name(), utc(stage.startedAt()), utc(stage.endedAt()), stage.outcome(), stage.detail());
        });
    }

    /** Stores (or replaces) job number {@code seq} of a run. */
    public void saveJob(String runId, int seq, Run.Job job) {
        inTransaction(c -> {
            exec(c, "DELETE FROM run_job WHERE run_id = ? AND seq = ?", runId, seq);
            exec(c, "INSERT INTO run_job (run_id, seq, name, session_id, result, started_at, ended_at, attempts, message, log_records)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, seq, job.name(), job.sessionId(), job.result().name(),
                    utc(job.startedAt()), utc(job.endedAt()), job.attempts(), truncate(job.message(), 10_000),
                    json(job.logRecords()));
        });
    }

    /** A state change of a job's Veeam session (state, progress, result). */
    public void jobEvent(String runId, String jobName, String sessionId, Instant at, String state, int progress, String result) {
        update("INSERT INTO run_job_event (run_id, job_name, session_id, at, state, progress, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, jobName, sessionId, utc(at), state, progress, result);
    }

    /** Sets the end and the result of a run (still RUNNING until {@link #conclude}). */
    public void finish(String runId, Instant endedAt, Run.Result result, List<String> reasons) {
        update("UPDATE run SET ended_at = ?, result = ?, reasons = ? WHERE id = ?", utc(endedAt), result.name(),
                json(reasons), runId);
    }

    /**
     * Closes the runs a previous process left unfinished (it stopped or died during them): they
     * end FAILED with the given reason, so that they no longer block later fires as "still active".
     * Returns their ids.
     */
    public List<String> closeInterrupted(Instant now, String reason) {
        List<String> ids = new ArrayList<>();
        query("SELECT id FROM run WHERE ended_at IS NULL", rs -> ids.add(rs.getString(1)));
        for (String id : ids) {
            update("UPDATE run SET ended_at = ?, result = ?, reasons = ? WHERE id = ? AND ended_at IS NULL", utc(now),
                    Run.Result.FAILED.name(), json(List.of(reason)), id);
        }
        return ids;
    }

    public void conclude(String runId) {
        update("UPDATE run SET status = ? WHERE id = ?", Run.Status.CONCLUDED.name(), runId);
    }

    public Optional<Run> get(String runId) {
        List<Run> runs = runs("SELECT * FROM run WHERE id = ?", runId);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Run r = runs.get(0);
        return Optional.of(new Run(r.id(), r.scheduleId(), r.scheduleVersion(), r.scheduledFireTime(), r.startedAt(),
                r.endedAt(), r.status(), r.result(), r.reasons(), stages(runId), jobs(runId)));
    }

    /** Runs newest first, optionally of one schedule, without stages and jobs. */
    public List<Run> list(String scheduleId, int limit) {
        String where = scheduleId == null ? "" : " WHERE schedule_id = ?";
        String sql = "SELECT * FROM run" + where + " ORDER BY started_at DESC, id DESC LIMIT " + Math.max(1, limit);
        return scheduleId == null ? runs(sql) : runs(sql, scheduleId);
    }

    /** The runs of this schedule, other than {@code exceptRunId}, whose backup has not ended. */
    public List<String> activeRuns(String scheduleId, String exceptRunId) {
        List<String> ids = new ArrayList<>();
        query("SELECT id FROM run WHERE schedule_id = ? AND ended_at IS NULL AND id <> ?", rs -> ids.add(rs.getString(1)),
                scheduleId, exceptRunId);
        return ids;
    }

    /** Durations of the last {@code n} successful runs of a schedule, newest first. */
    public List<Duration> successfulDurations(String scheduleId, int n) {
        List<Duration> result = new ArrayList<>();
        query("SELECT started_at, ended_at FROM run WHERE schedule_id = ? AND result = ? AND ended_at IS NOT NULL"
                + " ORDER BY started_at DESC LIMIT " + n, rs -> result.add(Duration.between(instant(rs, 1), instant(rs, 2))),
                scheduleId, Run.Result.SUCCESS.name());
        return result;
    }

    /** The recorded state changes of a run's job sessions: "job|state|progress". */
    public List<String> jobEvents(String runId) {
        List<String> result = new ArrayList<>();
        query("SELECT job_name, state, progress FROM run_job_event WHERE run_id = ? ORDER BY at",
                rs -> result.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getInt(3)), runId);
        return result;
    }

    private List<Run.Stage> stages(String runId) {
        List<Run.Stage> result = new ArrayList<>();
        query("SELECT name, started_at, ended_at, outcome, detail FROM run_stage WHERE run_id = ? ORDER BY seq",
                rs -> result.add(new Run.Stage(rs.getString(1), instant(rs, 2), instant(rs, 3), rs.getString(4), rs.getString(5))),
                runId);
        return result;
    }

    private List<Run.Job> jobs(String runId) {
        List<Run.Job> result = new ArrayList<>();
        query("SELECT name, session_id, result, started_at, ended_at, attempts, message, log_records FROM run_job"
                + " WHERE run_id = ? ORDER BY seq", rs -> result.add(new Run.Job(rs.getString(1), rs.getString(2),
                        Run.JobResult.valueOf(rs.getString(3)), instant(rs, 4), instant(rs, 5), rs.getInt(6), rs.getString(7),
                        strings(rs.getString(8)))), runId);
        return result;
    }

    private List<Run> runs(String sql, Object... args) {
        List<Run> result = new ArrayList<>();
        query(sql, rs -> {
            String res = rs.getString("result");
            result.add(new Run(rs.getString("id"), rs.getString("schedule_id"), rs.getInt("schedule_version"),
                    instant(rs, "scheduled_fire_time"), instant(rs, "started_at"), instant(rs, "ended_at"),
                    Run.Status.valueOf(rs.getString("status")), res == null ? null : Run.Result.valueOf(res),
                    strings(rs.getString("reasons")), List.of(), List.of()));
        }, args);
        return result;
    }

    // ------------------------------------------------------------------ JDBC helpers

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void query(String sql, Row row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new RunStoreException(sql, e);
        }
    }

    private void update(String sql, Object... args) {
        inTransaction(c -> exec(c, sql, args));
    }

    private void inTransaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RunStoreException("run history", e);
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A database failure of the run history, with the statement involved. */
    public static final class RunStoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunStoreException(String what, SQLException e) {
            super("run history: " + e.getMessage() + " (" + what + ")", e);
        }
    }
}
