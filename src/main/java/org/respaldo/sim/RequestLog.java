package org.respaldo.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded log of recent exchanges (at most {@value #CAPACITY} entries and about
 * {@value #MAX_BODY_CHARS} characters of bodies, oldest dropped first) plus unbounded counters
 * per endpoint. Thread-safe.
 */
final class RequestLog {

    static final int CAPACITY = 20_000;
    static final long MAX_BODY_CHARS = 32_000_000;

    private final Deque<RecordedExchange> recent = new ArrayDeque<>();
    private long bodyChars;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void add(RecordedExchange exchange) {
        counters.computeIfAbsent(exchange.request().endpoint(), k -> new LongAdder()).increment();
        synchronized (recent) {
            recent.addLast(exchange);
            bodyChars += size(exchange);
            while (recent.size() > 1 && (recent.size() > CAPACITY || bodyChars > MAX_BODY_CHARS)) {
                bodyChars -= size(recent.removeFirst());
            }
        }
    }

    private static long size(RecordedExchange e) {
        return (e.requestBody() == null ? 0 : e.requestBody().length()) + (e.responseBody() == null ? 0 : e.responseBody().length());
    }

    List<RecordedExchange> exchanges() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    Map<String, Long> counters() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    void clear() {
        synchronized (recent) {
            recent.clear();
            bodyChars = 0;
        }
        counters.clear();
    }
}
