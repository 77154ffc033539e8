package org.respaldo.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The admin surface on the same port and TLS, outside {@code /api} (no token, no x-api-version):
 * <pre>
 * GET    /admin/requests[?limit=N]        counters per endpoint and the last N requests (default 100)
 * DELETE /admin/requests                  clears the log and the counters
 * GET    /admin/faults                    active fault rules
 * POST   /admin/faults                    {"kind":"SERVER_ERROR|LATENCY|DROP_CONNECTION|UNAUTHORIZED_EMPTY",
 *                                          "endpoint":"GET /api/v1/sessions/{id}", "job":"name", "times":3, "latencyMs":500}
 * DELETE /admin/faults                    clears all fault rules
 * POST   /admin/tokens/revoke             revokes every token
 * POST   /admin/tokens/expire             expires every access token
 * POST   /admin/tokens/refuse-refresh     {"count":1} refuses the next refresh grants
 * GET    /admin/jobs                      jobs with their state and behaviour
 * GET    /admin/concurrency               sessions running now and the most that ran at once (peak)
 * DELETE /admin/concurrency               resets the peak to what runs now
 * POST   /admin/jobs/{name}/behaviour     a behaviour as in the inventory (outcome, duration, waits, ...)
 * GET    /admin/sessions/{id}/objects     what the session did with each object (result, bytes, restore point)
 * GET    /admin/repositories              repositories with free space
 * POST   /admin/repositories/{name}       {"freeGB":10.0, "online":false} or {"freePercent":5} (of its capacity)
 * POST   /admin/settings                  {"timeScale":60, "accessTokenTtlSeconds":30}
 * </pre>
 */
final class AdminHandler {

    private final ObjectMapper mapper;
    private final SimulatorAdmin admin;

    AdminHandler(ObjectMapper mapper, SimulatorAdmin admin) {
        this.mapper = mapper;
        this.admin = admin;
    }

    void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = 200;
        Object answer;
        try {
            JsonNode json = body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
            String[] parts = path.split("/");
            String resource = parts.length > 2 ? parts[2] : "";
            String name = parts.length > 3 ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : null;
            String action = parts.length > 4 ? parts[4] : null;
            answer = switch (method + " " + resource + (name == null ? "" : " " + (action == null ? "{x}" : "{x}/" + action))) {
                case "GET requests" -> requests(ListQuery.parse(exchange.getRequestURI().getRawQuery()));
                case "DELETE requests" -> {
                    admin.clearRequests();
                    yield Map.of("cleared", true);
                }
                case "GET faults" -> admin.faults();
                case "POST faults" -> {
                    Fault fault = new Fault(Fault.Kind.parse(json.path("kind").asText("")),
                            text(json, "endpoint"), text(json, "job"), json.path("times").asInt(1), json.path("latencyMs").asLong(0));
                    admin.addFault(fault);
                    status = 201;
                    yield fault;
                }
                case "DELETE faults" -> {
                    admin.clearFaults();
                    yield Map.of("cleared", true);
                }
                case "POST tokens {x}" -> switch (name) {
                    case "revoke" -> {
                        admin.revokeTokens();
                        yield Map.of("revoked", true);
                    }
                    case "expire" -> {
                        admin.expireTokens();
                        yield Map.of("expired", true);
                    }
                    case "refuse-refresh" -> {
                        admin.refuseNextRefreshes(json.path("count").asInt(1));
                        yield Map.of("refused", json.path("count").asInt(1));
                    }
                    default -> throw new IllegalArgumentException("Unknown token action '" + name + "'; use revoke, expire or refuse-refresh");
                };
                case "GET jobs" -> admin.jobs();
                case "GET concurrency" -> admin.concurrency();
                case "DELETE concurrency" -> {
                    admin.resetConcurrency();
                    yield admin.concurrency();
                }
                case "GET sessions {x}/objects" -> admin.sessionObjects(name);
                case "POST jobs {x}/behaviour" -> {
                    Inventory.Behaviour b = InventoryLoader.behaviour(json, "behaviour", admin.behaviour(name));
                    admin.setBehaviour(name, b);
                    yield b;
                }
                case "POST settings" -> {
                    if (json.has("timeScale")) {
                        admin.setTimeScale(json.get("timeScale").asDouble());
                    }
                    if (json.has("accessTokenTtlSeconds")) {
                        admin.setAccessTokenTtl(java.time.Duration.ofMillis(Math.round(json.get("accessTokenTtlSeconds").asDouble() * 1000)));
                    }
                    yield json;
                }
                case "GET repositories" -> admin.repositories();
                case "POST repositories {x}" -> {
                    Double free = json.has("freeGB") ? Double.valueOf(json.get("freeGB").asDouble()) : null;
                    if (json.has("freePercent")) {
                        free = admin.repositories().stream().filter(r -> r.name().equals(name)).findFirst()
                                .map(r -> r.capacityGB() * json.get("freePercent").asDouble() / 100.0)
                                .orElseThrow(() -> new IllegalArgumentException("Unknown repository '" + name + "'"));
                    }
                    admin.setRepository(name, free, json.has("online") ? json.get("online").asBoolean() : null);
                    yield admin.repositories();
                }
                default -> {
                    status = 404;
                    yield Map.of("error", "Unknown admin request " + method + " " + path
                            + "; see the AdminHandler documentation for /admin/requests, /admin/faults, /admin/tokens, /admin/jobs, /admin/concurrency, /admin/repositories, /admin/settings");
                }
            };
        } catch (IllegalArgumentException | InventoryException | com.fasterxml.jackson.core.JsonProcessingException e) {
            status = 400;
            answer = Map.of("error", String.valueOf(e.getMessage()));
        }
        byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    private Object requests(Map<String, List<String>> query) {
        int limit = 100;
        if (query.containsKey("limit")) {
            limit = Integer.parseInt(query.get("limit").get(0));
        }
        ObjectNode n = mapper.createObjectNode();
        Map<String, Long> counters = admin.counters();
        n.put("total", counters.values().stream().mapToLong(Long::longValue).sum());
        n.set("counters", mapper.valueToTree(counters));
        List<RecordedRequest> all = admin.requests();
        ArrayNode recent = n.putArray("requests");
        for (RecordedRequest r : all.subList(Math.max(0, all.size() - limit), all.size())) {
            recent.add(mapper.valueToTree(r));
        }
        return n;
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
