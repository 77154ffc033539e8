package org.respaldo.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Query parameters of a list request: filters on the rendered models, ordering and paging. */
final class ListQuery {

    private final Map<String, List<String>> params;
    private final ZoneId zone;
    private final List<Predicate<ObjectNode>> filters = new ArrayList<>();

    ListQuery(Map<String, List<String>> params, ZoneId zone) {
        this.params = params;
        this.zone = zone;
    }

    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    String first(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a parameter; repeated parameters and comma-separated lists are both accepted. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** {@code nameFilter}: case-insensitive, {@code *} matches any run of characters. */
    ListQuery name(String param, String field) {
        String pattern = first(param);
        if (pattern != null && !pattern.isEmpty()) {
            Pattern compiled = Pattern.compile(wildcard(pattern), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            filters.add(n -> compiled.matcher(n.path(field).asText("")).matches());
        }
        return this;
    }

    static String wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }

    /** Case-insensitive equality with any of the given values; {@code field} may be a dotted path. */
    ListQuery equalsAny(String param, String field) {
        List<String> values = all(param);
        if (!values.isEmpty()) {
            filters.add(n -> values.stream().anyMatch(v -> v.equalsIgnoreCase(at(n, field).asText(""))));
        }
        return this;
    }

    ListQuery uuid(String param, String field) {
        List<String> values = all(param);
        for (String v : values) {
            try {
                java.util.UUID.fromString(v);
            } catch (IllegalArgumentException e) {
                throw ApiException.badQuery("Query parameter " + param + "='" + v + "' is not a UUID.");
            }
        }
        return equalsAny(param, field);
    }

    ListQuery bool(String param, String field) {
        String v = first(param);
        if (v != null) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw ApiException.badQuery("Query parameter " + param + "='" + v + "' must be true or false.");
            }
            boolean wanted = Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
            filters.add(n -> at(n, field).asBoolean() == wanted);
        }
        return this;
    }

    ListQuery after(String param, String field) {
        OffsetDateTime t = date(param);
        if (t != null) {
            filters.add(n -> !at(n, field).isMissingNode() && !at(n, field).isNull()
                    && OffsetDateTime.parse(at(n, field).asText()).isAfter(t));
        }
        return this;
    }

    ListQuery before(String param, String field) {
        OffsetDateTime t = date(param);
        if (t != null) {
            filters.add(n -> !at(n, field).isMissingNode() && !at(n, field).isNull()
                    && OffsetDateTime.parse(at(n, field).asText()).isBefore(t));
        }
        return this;
    }

    ListQuery integer(String param, String field) {
        String v = first(param);
        if (v != null) {
            try {
                long wanted = Long.parseLong(v);
                filters.add(n -> at(n, field).asLong() == wanted);
            } catch (NumberFormatException e) {
                throw ApiException.badQuery("Query parameter " + param + "='" + v + "' is not an integer.");
            }
        }
        return this;
    }

    private OffsetDateTime date(String param) {
        String v = first(param);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                throw ApiException.badQuery("Query parameter " + param + "='" + v
                        + "' is not an ISO-8601 date-time such as 2025-05-02T22:00:00-06:00.");
            }
        }
    }

    private static JsonNode at(JsonNode node, String dotted) {
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            current = current.path(part);
        }
        return current;
    }

    /** Applies filters, ordering, {@code skip} and {@code limit}; returns {@code {data, pagination}}. */
    ObjectNode page(ObjectMapper mapper, List<ObjectNode> items, ApiRevision revision) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode item : items) {
            if (filters.stream().allMatch(f -> f.test(item))) {
                matching.add(item);
            }
        }
        String column = first("orderColumn");
        if (column != null && !column.isEmpty()) {
            String field = Character.toLowerCase(column.charAt(0)) + column.substring(1);
            Comparator<ObjectNode> order = Comparator.comparing(n -> sortKey(n, field), Comparator.nullsLast(Comparator.naturalOrder()));
            if ("false".equalsIgnoreCase(first("orderAsc"))) {
                order = Comparator.comparing((ObjectNode n) -> sortKey(n, field), Comparator.nullsFirst(Comparator.reverseOrder()));
            }
            matching.sort(order);
        }
        int skip = nonNegative("skip", 0);
        int limit = nonNegative("limit", revision.defaultLimit());
        int from = Math.min(skip, matching.size());
        int to = (int) Math.min((long) from + limit, matching.size());
        ObjectNode result = mapper.createObjectNode();
        result.putArray("data").addAll(matching.subList(from, to));
        ObjectNode pagination = result.putObject("pagination");
        pagination.put("total", matching.size());
        pagination.put("count", to - from);
        pagination.put("skip", skip);
        if (limit != Integer.MAX_VALUE) {
            pagination.put("limit", limit);
        }
        return result;
    }

    private static String sortKey(ObjectNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isObject() && value.has("result")) {
            value = value.get("result");
        }
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return value.isNumber() ? String.format(Locale.ROOT, "%020.4f", value.asDouble()) : value.asText().toLowerCase(Locale.ROOT);
    }

    private int nonNegative(String param, int fallback) {
        String v = first(param);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badQuery("Query parameter " + param + "='" + v + "' must be a non-negative integer.");
        }
    }
}
