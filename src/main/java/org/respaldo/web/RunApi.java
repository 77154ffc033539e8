package org.respaldo.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.respaldo.json.Json;
import org.respaldo.run.Run;
import org.respaldo.run.RunJson;
import org.respaldo.run.RunStore;

/**
 * The read-only runs API: {@code GET /api/runs?schedule=&status=&result=&trigger=&from=&to=&limit=&offset=}
 * and {@code GET /api/runs/{id}} (byte for byte the run's report file once it is concluded).
 */
public final class RunApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final RunStore store;

    public RunApi(RunStore store) {
        this.store = store;
    }

    public String list(String schedule, String limit) {
        return list(schedule, null, null, null, null, null, limit, null);
    }

    public String list(String schedule, String status, String result, String trigger, String from, String to, String limit,
            String offset) {
        int n = limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        int skip = offset == null || offset.isBlank() ? 0 : limit(offset, 0, Integer.MAX_VALUE - 1, "offset", 0);
        RunStore.Filter f = new RunStore.Filter(blank(schedule), parse(Run.Status.class, "status", status),
                parse(Run.Result.class, "result", result), trigger == null || trigger.isBlank() ? null : trigger(trigger),
                time("from", from), time("to", to));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Run r : store.list(f, n, skip)) {
            out.add(RunJson.summary(r));
        }
        return Json.write(out);
    }

    public String get(String id) {
        return Json.write(RunJson.full(store.get(id).orElseThrow(() -> ApiException.notFound("no run with id '" + id + "'"))));
    }

    static int limit(String value, int fallback, int max) {
        return limit(value, fallback, max, "limit", 1);
    }

    static int limit(String value, int fallback, int max, String name, int min) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + "; got '" + value + "'");
        }
        return n;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT));
        }
    }

    private static Run.Trigger trigger(String value) {
        try {
            return Run.Trigger.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("trigger '" + value + "' is not one of schedule, missed, manual, rerun");
        }
    }

    static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + " '" + value + "' is not a date (2026-12-01) or a time with offset"
                        + " (2026-12-01T23:00:00-06:00)");
            }
        }
    }
}
