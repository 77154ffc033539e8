package org.respaldo.veeam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request to a Veeam server, before authentication headers are added.
 *
 * @param method      GET or POST
 * @param path        path from the server root, e.g. {@code /api/v1/jobs}
 * @param query       query parameters, unencoded, in order
 * @param contentType {@code application/json}, {@code application/x-www-form-urlencoded}, or null without body
 * @param body        the request body, or null
 * @param label       the operation for counters, e.g. {@code GET /api/v1/sessions/{id}}
 */
record HttpCall(String method, String path, Map<String, String> query, String contentType, String body, String label) {

    static HttpCall get(String path, Map<String, String> query, String label) {
        return new HttpCall("GET", path, query == null ? Map.of() : new LinkedHashMap<>(query), null, null, label);
    }

    static HttpCall postJson(String path, String json, String label) {
        return new HttpCall("POST", path, Map.of(), json == null ? null : "application/json", json, label);
    }

    static HttpCall postForm(String path, String form, String label) {
        return new HttpCall("POST", path, Map.of(), "application/x-www-form-urlencoded", form, label);
    }

    boolean idempotent() {
        return "GET".equals(method);
    }
}
