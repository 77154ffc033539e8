package org.respaldo.veeam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Authenticated requests to one server. GETs are repeated after a 5xx or a lost connection (with
 * exponential backoff, {@code retry-attempts} in all) and once after a 401 with a renewed token. A POST
 * is sent again only when it certainly had no effect (401, or the connection was never made); anything
 * ambiguous goes back to the caller, who checks the server's state instead.
 */
final class VeeamApi {

    private final VeeamServerSettings settings;
    private final VeeamTransport transport;
    private final TokenManager tokens;
    private final VeeamJson json;
    private final Backoff backoff;

    VeeamApi(VeeamServerSettings settings, VeeamTransport transport, TokenManager tokens, VeeamJson json, Backoff backoff) {
        this.settings = settings;
        this.transport = transport;
        this.tokens = tokens;
        this.json = json;
        this.backoff = backoff;
    }

    VeeamJson json() {
        return json;
    }

    /** GET with the retries described above; returns the JSON body of a 2xx answer. */
    JsonNode get(String path, Map<String, String> query, String label) {
        return withRetries(HttpCall.get(path, query, label), this::sendAuthenticated);
    }

    /** One GET attempt (a 401 still renews the token once); for callers with their own retry rhythm. */
    JsonNode getOnce(String path, Map<String, String> query, String label) throws TransportFailure {
        HttpCall call = HttpCall.get(path, query, label);
        HttpResult r = sendAuthenticated(call);
        if (r.ok()) {
            return json.read(r.body());
        }
        throw error(call, r);
    }

    /** GET without a token (serverTime, serverCertificate), with the same retries. */
    JsonNode getAnonymous(String path, String label) {
        return withRetries(HttpCall.get(path, Map.of(), label),
                call -> transport.send(call, Map.of("x-api-version", settings.apiVersion().toString())));
    }

    /** One way of sending a call (with or without the bearer token). */
    @FunctionalInterface
    private interface Sender {
        HttpResult send(HttpCall call) throws TransportFailure;
    }

    /** Up to {@code retry-attempts} attempts, pausing with backoff after a 5xx or a transport failure. */
    private JsonNode withRetries(HttpCall call, Sender sender) {
        TransportFailure lastFailure = null;
        HttpResult last = null;
        for (int attempt = 1; attempt <= settings.retryAttempts(); attempt++) {
            if (attempt > 1) {
                backoff.pause(attempt - 1);
            }
            try {
                HttpResult r = sender.send(call);
                if (r.ok()) {
                    return json.read(r.body());
                }
                if (!r.serverError()) {
                    throw error(call, r);
                }
                last = r;
                lastFailure = null;
            } catch (TransportFailure e) {
                lastFailure = e;
                last = null;
            }
        }
        throw unavailable(call, last, lastFailure);
    }

    /** Every page of a list endpoint ({@code data} + {@code pagination}), {@code page-size} at a time. */
    List<JsonNode> getAll(String path, Map<String, String> query, String label) {
        return readAllPages(settings.pageSize(), (skip, limit) -> {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("skip", Integer.toString(skip));
            q.put("limit", Integer.toString(limit));
            return get(path, q, label);
        });
    }

    /** Reads pages until {@code pagination.total} is reached (or, without a total, a short or empty page). */
    static List<JsonNode> readAllPages(int limit, PageReader reader) {
        List<JsonNode> all = new ArrayList<>();
        int skip = 0;
        while (true) {
            JsonNode n = reader.page(skip, limit);
            int count = 0;
            for (JsonNode item : n.path("data")) {
                all.add(item);
                count++;
            }
            JsonNode total = n.path("pagination").path("total");
            skip += count;
            boolean more = total.isNumber() ? skip < total.asLong() : count >= limit;
            if (count == 0 || !more) {
                return all;
            }
        }
    }

    /** Fetches one page. */
    @FunctionalInterface
    interface PageReader {
        JsonNode page(int skip, int limit);
    }

    /**
     * One POST; sent a second time only after a 401 (the server did nothing with it). Other answers,
     * errors included, go back to the caller.
     *
     * @throws TransportFailure when no answer came (see {@link TransportFailure#notSent()})
     */
    HttpResult post(String path, String body, String label) throws TransportFailure {
        return sendAuthenticated(HttpCall.postJson(path, body, label));
    }

    private HttpResult sendAuthenticated(HttpCall call) throws TransportFailure {
        Secret token = tokens.accessToken();
        HttpResult r = transport.send(call, tokens.headers(token));
        if (r.status() == 401) {
            tokens.rejected(token);
            Secret renewed = tokens.accessToken();
            r = transport.send(call, tokens.headers(renewed));
        }
        return r;
    }

    VeeamApiException error(HttpCall call, HttpResult r) {
        JsonNode n;
        try {
            n = json.read(r.body());
        } catch (VeeamException e) {
            n = json.read("{}");
        }
        String code = VeeamJson.text(n, "errorCode");
        String msg = VeeamJson.text(n, "message");
        StringBuilder sb = new StringBuilder("Veeam server '").append(settings.alias()).append("' answered HTTP ")
                .append(r.status());
        if (!code.isEmpty()) {
            sb.append(' ').append(code);
        }
        sb.append(" to ").append(call.label());
        if (!msg.isEmpty()) {
            sb.append(": ").append(msg);
        }
        sb.append(advice(r.status(), code, msg));
        return new VeeamApiException(sb.toString(), r.status(), code, msg);
    }

    private String advice(int status, String code, String msg) {
        boolean version = code.equals("NotImplemented") || msg.toLowerCase(java.util.Locale.ROOT).contains("version");
        return switch (status) {
            case 400 -> version ? " (check respaldo.veeam." + settings.alias() + ".api-version, now "
                    + settings.apiVersion() + ", against the server's VBR version)" : "";
            case 401 -> " (the server refused a freshly issued token; check the user's VBR role)";
            case 403 -> " (user '" + settings.username() + "' lacks the VBR role for this; give it Backup Operator "
                    + "or Backup Administrator)";
            default -> "";
        };
    }

    private VeeamUnavailableException unavailable(HttpCall call, HttpResult last, TransportFailure failure) {
        String why = last != null ? error(call, last).getMessage() : failure.getMessage();
        return new VeeamUnavailableException("Veeam server '" + settings.alias() + "' (" + settings.address()
                + ") did not answer " + call.label() + " after " + settings.retryAttempts() + " attempts: " + why, failure);
    }
}
