package org.respaldo.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Bounded log of recent exchanges plus unbounded counters per endpoint. Thread-safe. */
final class RequestLog {

    static final int CAPACITY = 20_000;

    private final Deque<RecordedExchange> recent = new ArrayDeque<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void add(RecordedExchange exchange) {
        counters.computeIfAbsent(exchange.request().endpoint(), k -> new LongAdder()).increment();
        synchronized (recent) {
            recent.addLast(exchange);
            if (recent.size() > CAPACITY) {
                recent.removeFirst();
            }
        }
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
        }
        counters.clear();
    }
}
