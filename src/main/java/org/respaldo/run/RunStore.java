package org.respaldo.run;

import static org.respaldo.store.Jdbc.exec;
import static org.respaldo.store.Jdbc.instant;
import static org.respaldo.store.Jdbc.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.respaldo.store.Jdbc;

/** The run history over JDBC: runs, their stages, their jobs and job session state changes. */
public final class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final String WHAT = "run history";

    private final Jdbc jdbc;

    public RunStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    private void query(String sql, Jdbc.Row row, Object... args) {
        jdbc.query(WHAT, sql, row, args);
    }

    private void update(String sql, Object... args) {
        jdbc.update(WHAT, sql, args);
    }

    public void create(Run run) {
        update("INSERT INTO run (id, schedule_id, schedule_version, scheduled_fire_time, started_at, status, reasons)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", run.id(), run.scheduleId(), run.scheduleVersion(),
                utc(run.scheduledFireTime()), utc(run.startedAt()), Run.Status.RUNNING.name(), json(run.reasons()));
    }

    /** Stores (or replaces) stage number {@code seq} of a run. */
    public void saveStage(String runId, int seq, Run.Stage stage) {
        jdbc.inTransaction(WHAT, c -> {
            exec(c, "DELETE FROM run_stage WHERE run_id = ? AND seq = ?", runId, seq);
            exec(c, "INSERT INTO run_stage (run_id, seq, name, started_at, ended_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    runId, seq, stage.name(), utc(stage.startedAt()), utc(stage.endedAt()), stage.outcome(), stage.detail());
            return null;
        });
    }

    /** Stores (or replaces) job number {@code seq} of a run. */
    public void saveJob(String runId, int seq, Run.Job job) {
        jdbc.inTransaction(WHAT, c -> {
            exec(c, "DELETE FROM run_job WHERE run_id = ? AND seq = ?", runId, seq);
            exec(c, "INSERT INTO run_job (run_id, seq, name, session_id, result, started_at, ended_at, attempts, message, log_records)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, seq, job.name(), job.sessionId(), job.result().name(),
                    utc(job.startedAt()), utc(job.endedAt()), job.attempts(), truncate(job.message(), 10_000),
                    json(job.logRecords()));
            return null;
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
}
