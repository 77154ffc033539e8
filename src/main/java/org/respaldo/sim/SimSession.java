package org.respaldo.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job session: its plan (phases on the simulated time line) and its observed state. Guarded by {@link Datacenter}. */
final class SimSession {

    record Phase(String state, double startMs, double endMs) {
    }

    record Event(double atMs, String status, String title) {
    }

    record LogRecord(int id, String status, Instant startTime, Instant updateTime, String title) {
    }

    /**
     * One object the session processes (a task session): its plan, fixed when the session begins, and
     * what it ended with. Sizes are bytes.
     */
    static final class ObjectRun {
        final Inventory.BackupObject def;
        final int index;
        final String taskId;
        /** {@code Full} or {@code Increment} ({@code ETaskSessionAlgorithm}). */
        final String algorithm;
        final String plannedResult;
        final String plannedMessage;
        final long sizeBytes;
        final long plannedRead;
        final long plannedTransferred;
        double startMs;
        double endMs;

        boolean finished;
        String result = "None";
        String message = "";
        long processed;
        long read;
        long transferred;
        String restorePointId;
        Instant startTime;
        Instant endTime;

        ObjectRun(Inventory.BackupObject def, int index, String taskId, String algorithm, String plannedResult,
                  String plannedMessage, long sizeBytes, long plannedRead, long plannedTransferred) {
            this.def = def;
            this.index = index;
            this.taskId = taskId;
            this.algorithm = algorithm;
            this.plannedResult = plannedResult;
            this.plannedMessage = plannedMessage;
            this.sizeBytes = sizeBytes;
            this.plannedRead = plannedRead;
            this.plannedTransferred = plannedTransferred;
        }

        /** Share of this object's work done at simulated time {@code ms}, 0..1. */
        double share(double ms) {
            if (ms <= startMs) {
                return 0;
            }
            if (ms >= endMs || endMs <= startMs) {
                return 1;
            }
            return (ms - startMs) / (endMs - startMs);
        }

        boolean hasRestorePoint() {
            return restorePointId != null;
        }
    }

    final String id;
    final Datacenter.JobState job;
    final String name;
    final Instant creation;
    final boolean retry;
    final boolean activeFull;
    final String plannedOutcome;
    final String plannedMessage;
    final List<Phase> phases = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<LogRecord> log = new ArrayList<>();
    final List<ObjectRun> objects = new ArrayList<>();
    double workStartMs;
    double workEndMs;
    double totalMs;
    int nextEvent;

    String state = "Starting";
    int progress;
    String result = "None";
    String message = "";
    boolean canceled;
    Instant endTime;
    long usn;
    Instant stopAt;
    /** Set by a stop: objects with a lower index finish normally, the others end without a restore point. */
    int completeUpTo = Integer.MAX_VALUE;

    SimSession(String id, Datacenter.JobState job, String name, Instant creation, boolean retry, boolean activeFull,
               String plannedOutcome, String plannedMessage) {
        this.id = id;
        this.job = job;
        this.name = name;
        this.creation = creation;
        this.retry = retry;
        this.activeFull = activeFull;
        this.plannedOutcome = plannedOutcome;
        this.plannedMessage = plannedMessage;
    }

    boolean running() {
        return !"Stopped".equals(state);
    }

    /** Simulated milliseconds elapsed at {@code now}. */
    double elapsedMs(Instant now, double timeScale) {
        return Duration.between(creation, now).toNanos() / 1_000_000.0 * timeScale;
    }

    Instant realInstant(double simMs, double timeScale) {
        return creation.plusNanos((long) (simMs / timeScale * 1_000_000.0));
    }

    /** Fraction of the working phase done at simulated time {@code ms}, 0..1. */
    double workFraction(double ms) {
        if (ms <= workStartMs) {
            return 0;
        }
        if (ms >= workEndMs || workEndMs <= workStartMs) {
            return 1;
        }
        return (ms - workStartMs) / (workEndMs - workStartMs);
    }

    /** The session's type of job. */
    JobKind kind() {
        return job.kind;
    }
}
