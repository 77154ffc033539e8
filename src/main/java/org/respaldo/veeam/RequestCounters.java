package org.respaldo.veeam;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many requests a client sent, per operation (for benchmarks, health and tests). */
public final class RequestCounters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder total = new LongAdder();

    void record(String label, long elapsedNanos) {
        counts.computeIfAbsent(label, k -> new LongAdder()).increment();
        total.increment();
        nanos.add(elapsedNanos);
    }

    /** Requests per operation label, e.g. {@code GET /api/v1/sessions/{id}} → 12. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
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
        nanos.reset();
        total.reset();
    }
}
