package org.respaldo.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.respaldo.run.Run;
import org.respaldo.run.RunJson;
import org.respaldo.run.RunStore;

/** The read-only runs API: {@code GET /api/runs?schedule=&limit=} and {@code GET /api/runs/{id}}. */
public final class RunApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final RunStore store;

    public RunApi(RunStore store) {
        this.store = store;
    }

    public String list(String schedule, String limit) {
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + "; got '" + limit + "'");
            }
        }
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (Run r : store.list(schedule == null || schedule.isBlank() ? null : schedule, n)) {
            result.add(RunJson.summary(r));
        }
        return Json.write(result);
    }

    public String get(String id) {
        return Json.write(RunJson.full(store.get(id).orElseThrow(() -> ApiException.notFound("no run with id '" + id + "'"))));
    }
}
