package org.respaldo.veeam;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many requests a client sent, per operation and per answer's status (for benchmarks, health, metrics and tests). */
public final class RequestCounters {

    /** An operation label and the status of its answer: the HTTP code ("200", "401"), or "none" when no answer came. */
    public record Outcome(String endpoint, String status) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder total = new LongAdder();

    void record(String label, int status, long elapsedNanos) {
        counts.computeIfAbsent(label, k -> new LongAdder()).increment();
        outcomes.computeIfAbsent(new Outcome(label, status > 0 ? String.valueOf(status) : "none"), k -> new LongAdder()).increment();
        total.increment();
        nanos.add(elapsedNanos);
    }

    /** Requests per operation label, e.g. {@code GET /api/v1/sessions/{id}} → 12. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Requests per operation label and answer status. */
    public Map<Outcome, Long> byStatus() {
        Map<Outcome, Long> out = new java.util.LinkedHashMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Requests of one operation that got one status ("none": no answer). */
    public long count(String label, String status) {
        LongAdder a = outcomes.get(new Outcome(label, status));
        return a == null ? 0 : a.sum();
    }

    public long count(String label) {
        LongAdder a = counts.get(label);
        return a == null ? 0 : a.sum();
    }

    public long total() {
        return total.sum();
    }

    /** Total wall time spent in HTTP exchanges (including the server's time), in nanoseconds. */
    public long totalNanos() {
        return nanos.sum();
    }

    public void reset() {
        counts.clear();
        outcomes.clear();
        nanos.reset();
        total.reset();
    }
}
