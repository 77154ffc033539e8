package org.respaldo.web;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.json.Json;
import org.respaldo.outbox.Outbox;

/**
 * The mail outbox, read-only: {@code GET /api/mails?status=pending|sent|failed&run=&limit=} →
 * {@code [{id, event, scheduleId, runId, recipients, subject, status, attempts, nextAttemptAt,
 * lastError, sentAt}]}, newest first.
 */
public final class MailApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final Outbox outbox;

    public MailApi(Outbox outbox) {
        this.outbox = outbox;
    }

    public String list(String status, String run, String limit) {
        Outbox.Status s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = Outbox.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status must be pending, sent or failed; got '" + status + "'");
            }
        }
        int n = RunApi.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (Outbox.Entry e : outbox.list(s, run == null || run.isBlank() ? null : run.trim(), n)) {
            ObjectNode o = result.addObject();
            o.put("id", e.id());
            o.put("event", e.event());
            o.put("scheduleId", e.scheduleId());
            o.put("runId", e.runId());
            ArrayNode to = o.putArray("recipients");
            e.recipients().forEach(to::add);
            o.put("subject", e.subject());
            o.put("status", e.status().name().toLowerCase(Locale.ROOT));
            o.put("attempts", e.attempts());
            o.put("nextAttemptAt", Json.time(e.nextAttemptAt()));
            o.put("lastError", e.lastError());
            o.put("sentAt", Json.time(e.sentAt()));
        }
        return Json.write(result);
    }
}
