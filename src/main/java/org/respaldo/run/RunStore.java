package org.respaldo.run;

import static org.respaldo.store.Jdbc.exec;
import static org.respaldo.store.Jdbc.instant;
import static org.respaldo.store.Jdbc.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.respaldo.json.Json;
import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.store.Jdbc;

/**
 * The runs over JDBC: the run rows (the state machine), their stages, their jobs and the state
 * changes of each job's Veeam session. Every transition that causes a mail writes the mail into
 * the outbox in the same transaction.
 */
public final class RunStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String WHAT = "run history";
    private static final String JOB_COLUMNS = "name, job_id, server, state, session_id, result, started_at, ended_at, attempts,"
            + " message, log_records, start_requested_at, stop_requested_at, next_at, failures, unreachable_since, session_state,"
            + " progress, processed_bytes, read_bytes, transferred_bytes, rate_per_second, bottleneck, objects";

    /** A mail to write with a transition; {@code concludes} marks the Director's conclusion mail. */
    public record Notice(Mail mail, boolean concludes) {
    }

    /** A new run to record together with its fire. */
    public record NewRun(String id, String scheduleId, int scheduleVersion, Run.Trigger trigger, Instant scheduledFireTime,
            Instant actualFireTime, Instant deadline, Run.Target target) {
    }

    /**
     * A run asked for by hand (the console's "run now", or a rerun): by whom, why, and for a rerun the run it repeats
     * and the jobs it runs again (null: every job of the schedule).
     */
    public record Request(String requestedBy, String reason, String rerunOf, List<String> jobs) {
    }

    /** Filters of {@link #list}. */
    public record Filter(String scheduleId, Run.Status status, Run.Result result, Run.Trigger trigger, Instant from, Instant to) {
        public static Filter schedule(String scheduleId) {
            return new Filter(scheduleId, null, null, null, null, null);
        }
    }

    private final Jdbc jdbc;
    /** The node whose writes to its RUNNING runs are fenced (null: no fencing, e.g. tools and tests). */
    private final String node;

    public RunStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** A store whose writes to a run check, in the same transaction, that {@code node} still owns it. */
    public RunStore(DataSource dataSource, String node) {
        this.jdbc = new Jdbc(dataSource);
        this.node = node;
    }

    /** Another node took the run over (this node was silent longer than failover-after): this node must let it go. */
    public static final class LostRunException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LostRunException(String runId, String owner) {
            super("run " + runId + " is now owned by node " + owner);
        }
    }

    /**
     * Fencing: inside the caller's transaction, the run's row is locked and must still be this
     * node's (or nobody's yet); a node that was taken over stops here, before it writes anything.
     */
    private void own(Connection c, String runId) throws SQLException {
        if (node == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT node FROM run WHERE id = ? FOR UPDATE")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String owner = rs.getString(1);
                    if (owner != null && !owner.equals(node)) {
                        throw new LostRunException(runId, owner);
                    }
                }
            }
        }
    }

    // ---- fires and new runs ----------------------------------------------------------------

    /**
     * Records a fire and its QUEUED run in one transaction. Returns false when this fire time of
     * this schedule was recorded before (after a restart, or by another node): it must not run twice.
     */
    public boolean enqueue(NewRun run, Instant now) {
        return enqueue(run, now, null);
    }

    /** The same, with who asked for it by hand (written in the same transaction). */
    public boolean enqueue(NewRun run, Instant now, Request request) {
        try {
            return jdbc.inTransaction(WHAT, c -> {
                insertFire(c, run);
                insertRun(c, run, Run.Status.QUEUED, null, List.of(), now, null);
                if (request != null) {
                    exec(c, "INSERT INTO run_request (run_id, requested_by, reason, rerun_of, jobs) VALUES (?, ?, ?, ?, ?)", run.id(),
                            request.requestedBy(), request.reason(), request.rerunOf(), request.jobs() == null ? null
                                    : json(request.jobs()));
                }
                return true;
            });
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Records a missed fire as a run that ends at once with result MISSED, with its mails. Returns
     * false when the fire time was recorded before.
     */
    public boolean recordMissed(NewRun run, List<String> reasons, Instant now, List<Notice> notices) {
        try {
            return jdbc.inTransaction(WHAT, c -> {
                insertFire(c, run);
                insertRun(c, run, Run.Status.NOTIFYING, Run.Result.MISSED, reasons, now, now);
                for (Notice n : notices) {
                    Outbox.enqueue(c, n.mail(), n.concludes(), now);
                }
                return true;
            });
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether this fire time of this schedule was recorded. */
    public boolean fireRecorded(String scheduleId, Instant scheduled) {
        boolean[] found = {false};
        jdbc.query(WHAT, "SELECT 1 FROM schedule_fire WHERE schedule_id = ? AND scheduled_fire_time = ?", rs -> found[0] = true,
                scheduleId, utc(scheduled));
        return found[0];
    }

    private static void insertFire(Connection c, NewRun run) throws SQLException {
        exec(c, "INSERT INTO schedule_fire (schedule_id, scheduled_fire_time, schedule_version, actual_fire_time) VALUES (?, ?, ?, ?)",
                run.scheduleId(), utc(run.scheduledFireTime()), run.scheduleVersion(), utc(run.actualFireTime()));
    }

    private static void insertRun(Connection c, NewRun run, Run.Status status, Run.Result result, List<String> reasons,
            Instant now, Instant ended) throws SQLException {
        Run.Target t = run.target();
        exec(c, "INSERT INTO run (id, schedule_id, schedule_version, trigger_kind, scheduled_fire_time, queued_at, started_at,"
                + " ended_at, deadline, status, result, reasons, next_at, schedule_title, veeam_server, repository, storage_path)"
                + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.scheduleId(), run.scheduleVersion(), run.trigger().json(), utc(run.scheduledFireTime()), utc(now),
                utc(ended), utc(run.deadline()), status.name(), result == null ? null : result.name(), json(reasons),
                status == Run.Status.QUEUED ? utc(now) : null, t.scheduleTitle(), t.veeamServer(), t.repository(), t.path());
    }

    /** The Director's sign-off of a concluded run (step 8): conforme, or observaciones with a text. */
    public record SignOff(String runId, Instant at, String by, String verdict, String text) {
    }

    /** Records the sign-off; false when the run was signed off before (once a run). */
    public boolean signOff(SignOff s) {
        try {
            return jdbc.inTransaction(WHAT, c -> exec(c, "INSERT INTO run_signoff (run_id, at, actor, verdict, text) VALUES (?, ?, ?, ?, ?)",
                    s.runId(), utc(s.at()), s.by(), s.verdict(), s.text()) == 1);
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<SignOff> signOff(String runId) {
        SignOff[] found = {null};
        jdbc.query(WHAT, "SELECT at, actor, verdict, text FROM run_signoff WHERE run_id = ?", rs -> found[0] = new SignOff(runId,
                Jdbc.instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4)), runId);
        return Optional.ofNullable(found[0]);
    }

    /** Concluded runs without the Director's sign-off, newest first. */
    public List<String> awaitingSignOff(int limit) {
        List<String> ids = new ArrayList<>();
        jdbc.query(WHAT, "SELECT r.id FROM run r LEFT JOIN run_signoff s ON s.run_id = r.id WHERE r.status = 'CONCLUDED'"
                + " AND s.run_id IS NULL ORDER BY r.ended_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /** Who asked for this run by hand, and why; empty for a run its trigger fired. */
    public Optional<Request> request(String runId) {
        Request[] found = {null};
        jdbc.query(WHAT, "SELECT requested_by, reason, rerun_of, jobs FROM run_request WHERE run_id = ?", rs -> found[0] =
                new Request(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) == null ? null
                        : strings(rs.getString(4))), runId);
        return Optional.ofNullable(found[0]);
    }

    // ---- the state machine ------------------------------------------------------------------

    /** QUEUED → RUNNING for {@code node}; false when another took it (or it is no longer queued). */
    public boolean claim(String runId, String node, Instant now, Instant deadline) {
        return jdbc.inTransaction(WHAT, c -> exec(c, "UPDATE run SET status = 'RUNNING', node = ?, started_at = ?, deadline = ?,"
                + " step = 'availability', next_at = ? WHERE id = ? AND status = 'QUEUED'", node, utc(now), utc(deadline), utc(now),
                runId) == 1);
    }

    /** Where a RUNNING run stands (its step, when to look at it again, how often Veeam was waited for). */
    public void progress(String runId, String step, Instant nextAt, int veeamWaits) {
        jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            return exec(c, "UPDATE run SET step = ?, next_at = ?, veeam_waits = ? WHERE id = ?", step, utc(nextAt), veeamWaits, runId);
        });
    }

    /** A run of a node that stopped is taken over by {@code node} (or by the same node after its restart). */
    public boolean adopt(String runId, String fromNode, String node) {
        return jdbc.inTransaction(WHAT, c -> exec(c, "UPDATE run SET node = ? WHERE id = ? AND status = 'RUNNING' AND node = ?",
                node, runId, fromNode) == 1);
    }

    /**
     * The backup is over: RUNNING (or QUEUED) → NOTIFYING with its result, the stages and jobs as
     * given, and its mails, in one transaction. False when the run had already ended.
     */
    public boolean finish(String runId, Instant endedAt, Run.Result result, List<String> reasons, List<Notice> notices) {
        return jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            int n = exec(c, "UPDATE run SET status = 'NOTIFYING', ended_at = ?, result = ?, reasons = ?, next_at = NULL, step = NULL"
                    + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", utc(endedAt), result.name(), json(reasons), runId);
            if (n != 1) {
                return false;
            }
            for (Notice notice : notices) {
                Outbox.enqueue(c, notice.mail(), notice.concludes(), endedAt);
            }
            return true;
        });
    }

    /** {@link #finish}, storing the run's stages as given (in their order) in the same transaction. */
    public boolean finishWithStages(String runId, Instant endedAt, Run.Result result, List<String> reasons, List<Run.Stage> stages,
            List<Notice> notices) {
        return jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            int n = exec(c, "UPDATE run SET status = 'NOTIFYING', ended_at = ?, result = ?, reasons = ?, next_at = NULL, step = NULL"
                    + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", utc(endedAt), result.name(), json(reasons), runId);
            if (n != 1) {
                return false;
            }
            for (int i = 0; i < stages.size(); i++) {
                saveStage(c, runId, i, stages.get(i));
            }
            exec(c, "DELETE FROM run_stage WHERE run_id = ? AND seq >= ?", runId, stages.size());
            for (Notice notice : notices) {
                Outbox.enqueue(c, notice.mail(), notice.concludes(), endedAt);
            }
            return true;
        });
    }

    /** NOTIFYING → CONCLUDED: the Director's conclusion mail (outbox row {@code mailId}) was accepted. */
    public boolean directorReached(String runId, long mailId, Instant at) {
        return jdbc.inTransaction(WHAT, c -> {
            Outbox.markSent(c, mailId, at);
            return exec(c, "UPDATE run SET status = 'CONCLUDED', director_reached = TRUE WHERE id = ? AND status = 'NOTIFYING'",
                    runId) == 1;
        });
    }

    /** NOTIFYING → CONCLUDED: the Director's conclusion mail gave up; the run says the Director was not reached. */
    public boolean directorNotReached(String runId, long mailId, String error, String reason) {
        return jdbc.inTransaction(WHAT, c -> {
            Outbox.markFailed(c, mailId, error);
            List<String> reasons = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reasons FROM run WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        reasons.addAll(strings(rs.getString(1)));
                    }
                }
            }
            reasons.add(reason);
            return exec(c, "UPDATE run SET status = 'CONCLUDED', director_reached = FALSE, reasons = ? WHERE id = ?"
                    + " AND status = 'NOTIFYING'", json(reasons), runId) == 1;
        });
    }

    // ---- stages and jobs ----------------------------------------------------------------------

    /** Stores (or replaces) stage number {@code seq} of a run. */
    public void saveStage(String runId, int seq, Run.Stage stage) {
        jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            saveStage(c, runId, seq, stage);
            return null;
        });
    }

    static void saveStage(Connection c, String runId, int seq, Run.Stage stage) throws SQLException {
        if (exec(c, "UPDATE run_stage SET name = ?, started_at = ?, ended_at = ?, outcome = ?, detail = ? WHERE run_id = ? AND seq = ?",
                stage.name(), utc(stage.startedAt()), utc(stage.endedAt()), stage.outcome(), truncate(stage.detail(), 100_000), runId,
                seq) == 0) {
            exec(c, "INSERT INTO run_stage (run_id, seq, name, started_at, ended_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    runId, seq, stage.name(), utc(stage.startedAt()), utc(stage.endedAt()), stage.outcome(),
                    truncate(stage.detail(), 100_000));
        }
    }

    /**
     * The backup stage begins: the stages so far, the jobs (PENDING) and the step, with the
     * instructions mail to the technicians, in one transaction.
     */
    public void beginBackup(String runId, List<Run.Stage> stages, List<Run.Job> jobs, Instant now, List<Notice> notices) {
        jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            for (int i = 0; i < stages.size(); i++) {
                saveStage(c, runId, i, stages.get(i));
            }
            for (int i = 0; i < jobs.size(); i++) {
                insertJob(c, runId, i, jobs.get(i));
            }
            exec(c, "UPDATE run SET step = 'backup', next_at = ? WHERE id = ?", utc(now), runId);
            for (Notice n : notices) {
                Outbox.enqueue(c, n.mail(), n.concludes(), now);
            }
            return null;
        });
    }

    private static void insertJob(Connection c, String runId, int seq, Run.Job j) throws SQLException {
        exec(c, "INSERT INTO run_job (run_id, seq, " + JOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)",
                jobArgs(runId, seq, j, true));
    }

    /** Stores job number {@code seq} of a run as it is now. */
    public void saveJob(String runId, int seq, Run.Job j) {
        jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            if (exec(c, "UPDATE run_job SET name = ?, job_id = ?, server = ?, state = ?, session_id = ?, result = ?, started_at = ?,"
                    + " ended_at = ?, attempts = ?, message = ?, log_records = ?, start_requested_at = ?, stop_requested_at = ?,"
                    + " next_at = ?, failures = ?, unreachable_since = ?, session_state = ?, progress = ?, processed_bytes = ?,"
                    + " read_bytes = ?, transferred_bytes = ?, rate_per_second = ?, bottleneck = ?, objects = ? WHERE run_id = ? AND seq = ?",
                    jobArgs(runId, seq, j, false)) == 0) {
                insertJob(c, runId, seq, j);
            }
            return null;
        });
    }

    private static Object[] jobArgs(String runId, int seq, Run.Job j, boolean keyFirst) {
        Object[] values = {j.name(), j.jobId(), j.server(), j.state().name(), j.sessionId(),
            j.result() == null ? null : j.result().name(), utc(j.startedAt()), utc(j.endedAt()), j.attempts(),
            truncate(j.message(), 10_000), json(j.logRecords()), utc(j.startRequestedAt()), utc(j.stopRequestedAt()),
            utc(j.nextAt()), j.failures(), utc(j.unreachableSince()), j.sessionState(), j.progress(),
            j.report() == null ? null : j.report().processedBytes(), j.report() == null ? null : j.report().readBytes(),
            j.report() == null ? null : j.report().transferredBytes(), j.report() == null ? null : j.report().ratePerSecond(),
            j.report() == null ? null : j.report().bottleneck(), j.report() == null ? null : objectsJson(j.report().objects())};
        Object[] args = new Object[values.length + 2];
        if (keyFirst) {
            args[0] = runId;
            args[1] = seq;
            System.arraycopy(values, 0, args, 2, values.length);
        } else {
            System.arraycopy(values, 0, args, 0, values.length);
            args[values.length] = runId;
            args[values.length + 1] = seq;
        }
        return args;
    }

    /**
     * Takes one of the server's {@code max} slots for job {@code seq} of the run (PENDING or
     * RETRY_WAIT → STARTING), counting every job of every run and node that holds one. The server's
     * slot row is locked meanwhile, so two takers never both get the last slot.
     */
    public boolean takeSlot(String server, int max, String runId, int seq, Instant now) {
        return jdbc.inTransaction(WHAT, c -> {
            own(c, runId);
            lockSlotRow(c, server);
            int used;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM run_job WHERE server = ? AND state IN ('STARTING', 'RUNNING', 'STOPPING')")) {
                ps.setString(1, server);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    used = rs.getInt(1);
                }
            }
            if (used >= max) {
                return false;
            }
            return exec(c, "UPDATE run_job SET state = 'STARTING', start_requested_at = ?, attempts = attempts + 1, next_at = NULL"
                    + " WHERE run_id = ? AND seq = ? AND state IN ('PENDING', 'RETRY_WAIT')", utc(now), runId, seq) == 1;
        });
    }

    private static void lockSlotRow(Connection c, String server) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT server FROM veeam_slot WHERE server = ? FOR UPDATE")) {
            ps.setString(1, server);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no slot row for Veeam server '" + server + "' (ensureSlotRow was not called)");
                }
            }
        }
    }

    /** Makes sure the server has its slot row (idempotent; safe when several nodes do it at once). */
    public void ensureSlotRow(String server) {
        try {
            jdbc.inTransaction(WHAT, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM veeam_slot WHERE server = ?")) {
                    ps.setString(1, server);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return null;
                        }
                    }
                }
                exec(c, "INSERT INTO veeam_slot (server) VALUES (?)", server);
                return null;
            });
        } catch (Jdbc.DataException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /** How many jobs of a Veeam server hold a slot now. */
    public int slotsInUse(String server) {
        int[] n = {0};
        jdbc.query(WHAT, "SELECT COUNT(*) FROM run_job WHERE server = ? AND state IN ('STARTING', 'RUNNING', 'STOPPING')",
                rs -> n[0] = rs.getInt(1), server);
        return n[0];
    }

    /** A state change of a job's Veeam session (state, progress, result). */
    public void jobEvent(String runId, String jobName, String sessionId, Instant at, String state, int progress, String result) {
        jdbc.update(WHAT, "INSERT INTO run_job_event (run_id, job_name, session_id, at, state, progress, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, jobName, sessionId, utc(at), state, progress, result);
    }

    // ---- nodes --------------------------------------------------------------------------------

    /** The database's clock (the one time every node agrees on). */
    public Instant databaseNow() {
        Instant[] out = {null};
        jdbc.query(WHAT, "SELECT CURRENT_TIMESTAMP", rs -> out[0] = instant(rs, 1));
        return out[0];
    }

    /** Every node with its heartbeat and how many RUNNING runs it owns. */
    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        jdbc.query(WHAT, "SELECT n.name, n.host, n.started_at, n.last_checkin, n.version, (SELECT COUNT(*) FROM run r WHERE r.node = n.name"
                + " AND r.status = 'RUNNING') FROM node n ORDER BY n.name", rs -> out.add(new NodeInfo(rs.getString(1), rs.getString(2),
                instant(rs, 3), instant(rs, 4), rs.getString(5), rs.getInt(6))));
        return out;
    }

    /** A node of the cluster. */
    public record NodeInfo(String node, String host, Instant startedAt, Instant lastCheckin, String version, int runs) {
    }

    /** Which of these runs {@code node} still owns (RUNNING). */
    public java.util.Set<String> stillOwned(java.util.Collection<String> runIds, String node) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (runIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(runIds.size(), "?"));
        List<Object> args = new ArrayList<>(runIds);
        args.add(node);
        jdbc.query(WHAT, "SELECT id FROM run WHERE id IN (" + marks + ") AND (node = ? OR status = 'QUEUED')",
                rs -> out.add(rs.getString(1)), args.toArray());
        return out;
    }

    /**
     * This node's heartbeat. Returns the previous check-in of a node of this name (its previous
     * process), or null when it had none.
     */
    public Instant checkIn(String node, String host, Instant startedAt, Instant now, String version) {
        return jdbc.inTransaction(WHAT, c -> {
            Instant previous = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_checkin, started_at FROM node WHERE name = ?")) {
                ps.setString(1, node);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previous = instant(rs, 1);
                    }
                }
            }
            if (previous == null) {
                exec(c, "INSERT INTO node (name, host, started_at, last_checkin, version) VALUES (?, ?, ?, ?, ?)", node, host,
                        utc(startedAt), utc(now), version);
            } else {
                exec(c, "UPDATE node SET host = ?, started_at = ?, last_checkin = ?, version = ? WHERE name = ?", host, utc(startedAt),
                        utc(now), version, node);
            }
            return previous;
        });
    }

    /** Nodes whose last check-in is older than {@code before}, with it. */
    public List<NodeCheckin> silentNodes(Instant before) {
        List<NodeCheckin> result = new ArrayList<>();
        jdbc.query(WHAT, "SELECT name, last_checkin FROM node WHERE last_checkin < ?", rs -> result.add(new NodeCheckin(rs.getString(1),
                instant(rs, 2))), utc(before));
        return result;
    }

    /** A node and its last heartbeat. */
    public record NodeCheckin(String node, Instant lastCheckin) {
    }

    // ---- queries ------------------------------------------------------------------------------

    public Optional<Run> get(String runId) {
        List<Run> runs = runs("SELECT * FROM run WHERE id = ?", runId);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Run r = runs.get(0);
        return Optional.of(new Run(r.id(), r.scheduleId(), r.scheduleVersion(), r.trigger(), r.scheduledFireTime(), r.queuedAt(),
                r.startedAt(), r.endedAt(), r.deadline(), r.status(), r.result(), r.reasons(), r.node(), r.directorReached(),
                r.target(), stages(runId), jobs(runId)));
    }

    /** Runs newest first (by fire time), without stages and jobs. */
    public List<Run> list(Filter f, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT * FROM run WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.scheduleId() != null) {
            sql.append(" AND schedule_id = ?");
            args.add(f.scheduleId());
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status().name());
        }
        if (f.result() != null) {
            sql.append(" AND result = ?");
            args.add(f.result().name());
        }
        if (f.trigger() != null) {
            sql.append(" AND trigger_kind = ?");
            args.add(f.trigger().json());
        }
        if (f.from() != null) {
            sql.append(" AND scheduled_fire_time >= ?");
            args.add(utc(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND scheduled_fire_time < ?");
            args.add(utc(f.to()));
        }
        sql.append(" ORDER BY scheduled_fire_time DESC, queued_at DESC, id DESC OFFSET ").append(Math.max(0, offset))
                .append(" ROWS FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return runs(sql.toString(), args.toArray());
    }

    /** A run as the calendar shows it: its schedule, fire time and result (null: not concluded yet). */
    public record Mark(String runId, String scheduleId, Instant scheduledFireTime, Run.Result result) {
    }

    /**
     * The runs whose scheduled fire time lies in [{@code from}, {@code to}), of one schedule or (null) of all, oldest
     * first, at most {@code limit}: only what a calendar needs.
     */
    public List<Mark> marks(String scheduleId, Instant from, Instant to, int limit) {
        List<Mark> out = new ArrayList<>();
        String sql = "SELECT id, schedule_id, scheduled_fire_time, result FROM run WHERE scheduled_fire_time >= ? AND scheduled_fire_time < ?"
                + (scheduleId == null ? "" : " AND schedule_id = ?") + " ORDER BY scheduled_fire_time FETCH FIRST " + Math.max(1, limit)
                + " ROWS ONLY";
        Object[] args = scheduleId == null ? new Object[] {utc(from), utc(to)} : new Object[] {utc(from), utc(to), scheduleId};
        jdbc.query(WHAT, sql, rs -> {
            String r = rs.getString(4);
            out.add(new Mark(rs.getString(1), rs.getString(2), instant(rs, 3), r == null ? null : Run.Result.valueOf(r)));
        }, args);
        return out;
    }

    /**
     * How many runs of each result were fired since {@code day} and since {@code week} (the Panel): counted by the
     * database, not read row by row. {@code [0]} since {@code day}, {@code [1]} since {@code week}.
     */
    public Map<Run.Result, int[]> countsByResult(Instant day, Instant week) {
        Map<Run.Result, int[]> out = new java.util.EnumMap<>(Run.Result.class);
        jdbc.query(WHAT, "SELECT result, SUM(CASE WHEN scheduled_fire_time >= ? THEN 1 ELSE 0 END), COUNT(*) FROM run"
                + " WHERE scheduled_fire_time >= ? AND result IS NOT NULL GROUP BY result",
                rs -> out.put(Run.Result.valueOf(rs.getString(1)), new int[] {rs.getInt(2), rs.getInt(3)}), utc(day), utc(week));
        return out;
    }

    public List<Run> list(String scheduleId, int limit) {
        return list(Filter.schedule(scheduleId), limit, 0);
    }

    /** Ids of the runs to pick up at start-up: QUEUED ones, and RUNNING ones of {@code node}. */
    public List<String> resumable(String node) {
        List<String> ids = new ArrayList<>();
        jdbc.query(WHAT, "SELECT id FROM run WHERE status = 'QUEUED' OR (status = 'RUNNING' AND node = ?) ORDER BY queued_at, id",
                rs -> ids.add(rs.getString(1)), node);
        return ids;
    }

    /** RUNNING runs owned by {@code node}. */
    public List<String> runningOf(String node) {
        List<String> ids = new ArrayList<>();
        jdbc.query(WHAT, "SELECT id FROM run WHERE status = 'RUNNING' AND node = ? ORDER BY queued_at, id", rs -> ids.add(rs.getString(1)),
                node);
        return ids;
    }

    /** QUEUED runs due by {@code now}, oldest first. */
    public List<String> queuedDue(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        jdbc.query(WHAT, "SELECT id FROM run WHERE status = 'QUEUED' AND next_at <= ? ORDER BY queued_at, id FETCH FIRST " + limit
                + " ROWS ONLY", rs -> ids.add(rs.getString(1)), utc(now));
        return ids;
    }

    /** The runs of this schedule queued before this one whose backup has not ended (QUEUED or RUNNING). */
    public List<String> activeBefore(String scheduleId, Instant queuedAt, String runId) {
        List<String> ids = new ArrayList<>();
        jdbc.query(WHAT, "SELECT id FROM run WHERE schedule_id = ? AND status IN ('QUEUED', 'RUNNING') AND id <> ?"
                + " AND (queued_at < ? OR (queued_at = ? AND id < ?)) ORDER BY queued_at", rs -> ids.add(rs.getString(1)), scheduleId,
                runId, utc(queuedAt), utc(queuedAt), runId);
        return ids;
    }

    /** Durations of the last {@code n} successful runs of a schedule, newest first. */
    public List<Duration> successfulDurations(String scheduleId, int n) {
        List<Duration> result = new ArrayList<>();
        jdbc.query(WHAT, "SELECT started_at, ended_at FROM run WHERE schedule_id = ? AND result = ? AND started_at IS NOT NULL"
                + " AND ended_at IS NOT NULL ORDER BY started_at DESC FETCH FIRST " + n + " ROWS ONLY",
                rs -> result.add(Duration.between(instant(rs, 1), instant(rs, 2))), scheduleId, Run.Result.SUCCESS.name());
        return result;
    }

    /** The recorded state changes of a run's job sessions: "job|state|progress". */
    public List<String> jobEvents(String runId) {
        List<String> result = new ArrayList<>();
        jdbc.query(WHAT, "SELECT job_name, state, progress FROM run_job_event WHERE run_id = ? ORDER BY at",
                rs -> result.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getInt(3)), runId);
        return result;
    }

    public int count(Run.Status status) {
        int[] n = {0};
        jdbc.query(WHAT, "SELECT COUNT(*) FROM run WHERE status = ?", rs -> n[0] = rs.getInt(1), status.name());
        return n[0];
    }

    List<Run.Stage> stages(String runId) {
        List<Run.Stage> result = new ArrayList<>();
        jdbc.query(WHAT, "SELECT name, started_at, ended_at, outcome, detail FROM run_stage WHERE run_id = ? ORDER BY seq",
                rs -> result.add(new Run.Stage(rs.getString(1), instant(rs, 2), instant(rs, 3), rs.getString(4), rs.getString(5))),
                runId);
        return result;
    }

    List<Run.Job> jobs(String runId) {
        List<Run.Job> result = new ArrayList<>();
        jdbc.query(WHAT, "SELECT " + JOB_COLUMNS + " FROM run_job WHERE run_id = ? ORDER BY seq", rs -> {
            String r = rs.getString("result");
            int progress = rs.getInt("progress");
            Integer p = rs.wasNull() ? null : progress;
            String objects = rs.getString("objects");
            Run.Report report = objects == null ? null : new Run.Report(longOrNull(rs, "processed_bytes"), longOrNull(rs, "read_bytes"),
                    longOrNull(rs, "transferred_bytes"), doubleOrNull(rs, "rate_per_second"), rs.getString("bottleneck"),
                    objects(objects));
            result.add(new Run.Job(rs.getString("name"), rs.getString("job_id"), rs.getString("server"),
                    Run.JobState.valueOf(rs.getString("state")), rs.getString("session_id"), r == null ? null : Run.JobResult.valueOf(r),
                    instant(rs, "started_at"), instant(rs, "ended_at"), rs.getInt("attempts"), rs.getString("message"),
                    strings(rs.getString("log_records")), instant(rs, "start_requested_at"), instant(rs, "stop_requested_at"),
                    instant(rs, "next_at"), rs.getInt("failures"), instant(rs, "unreachable_since"), rs.getString("session_state"), p,
                    report));
        }, runId);
        return result;
    }

    private List<Run> runs(String sql, Object... args) {
        List<Run> result = new ArrayList<>();
        jdbc.query(WHAT, sql, rs -> {
            String res = rs.getString("result");
            boolean reached = rs.getBoolean("director_reached");
            Boolean directorReached = rs.wasNull() ? null : reached;
            result.add(new Run(rs.getString("id"), rs.getString("schedule_id"), rs.getInt("schedule_version"),
                    Run.Trigger.parse(rs.getString("trigger_kind")), instant(rs, "scheduled_fire_time"), instant(rs, "queued_at"),
                    instant(rs, "started_at"), instant(rs, "ended_at"), instant(rs, "deadline"), Run.Status.valueOf(rs.getString("status")),
                    res == null ? null : Run.Result.valueOf(res), strings(rs.getString("reasons")), rs.getString("node"), directorReached,
                    new Run.Target(rs.getString("schedule_title"), rs.getString("veeam_server"), rs.getString("repository"),
                            rs.getString("storage_path")), List.of(), List.of()));
        }, args);
        return result;
    }

    /** The step and the Veeam waits of a RUNNING run (for resuming it). */
    public Optional<Progress> progressOf(String runId) {
        List<Progress> out = new ArrayList<>();
        jdbc.query(WHAT, "SELECT step, next_at, veeam_waits FROM run WHERE id = ?",
                rs -> out.add(new Progress(rs.getString(1), instant(rs, 2), rs.getInt(3))), runId);
        return out.stream().findFirst();
    }

    /** Where a RUNNING run stands. */
    public record Progress(String step, Instant nextAt, int veeamWaits) {
    }

    private static Long longOrNull(java.sql.ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(java.sql.ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static String objectsJson(List<Run.ObjectResult> objects) {
        com.fasterxml.jackson.databind.node.ArrayNode a = Json.MAPPER.createArrayNode();
        for (Run.ObjectResult o : objects) {
            com.fasterxml.jackson.databind.node.ObjectNode n = a.addObject();
            n.put("name", o.name());
            n.put("result", o.result());
            n.put("message", o.message());
            n.put("processedBytes", o.processedBytes());
            n.put("readBytes", o.readBytes());
            n.put("transferredBytes", o.transferredBytes());
            n.put("restorePointId", o.restorePointId());
            n.put("restorePointTime", Json.time(o.restorePointTime()));
            n.put("backupId", o.backupId());
        }
        return Json.write(a);
    }

    static List<Run.ObjectResult> objects(String json) {
        try {
            List<Run.ObjectResult> out = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode n : Json.MAPPER.readTree(json)) {
                out.add(new Run.ObjectResult(text(n, "name"), text(n, "result"), text(n, "message"), number(n, "processedBytes"),
                        number(n, "readBytes"), number(n, "transferredBytes"), text(n, "restorePointId"),
                        n.hasNonNull("restorePointTime") ? java.time.OffsetDateTime.parse(n.get("restorePointTime").asText()).toInstant()
                                : null, text(n, "backupId")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static Long number(com.fasterxml.jackson.databind.JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asLong() : null;
    }

    static String json(List<String> values) {
        try {
            return Json.MAPPER.writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
