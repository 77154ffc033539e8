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

    final String id;
    final Datacenter.JobState job;
    final String name;
    final Instant creation;
    final boolean retry;
    final String plannedOutcome;
    final String plannedMessage;
    final List<Phase> phases = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<LogRecord> log = new ArrayList<>();
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
    String algorithm = "Increment";

    SimSession(String id, Datacenter.JobState job, String name, Instant creation, boolean retry,
               String plannedOutcome, String plannedMessage) {
        this.id = id;
        this.job = job;
        this.name = name;
        this.creation = creation;
        this.retry = retry;
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
}
