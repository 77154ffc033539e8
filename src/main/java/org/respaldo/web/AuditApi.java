package org.respaldo.web;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.audit.AuditEvent;
import org.respaldo.audit.AuditTrail;
import org.respaldo.json.Json;

/**
 * The audit trail for the auditor and the Director: {@code GET /api/audit?from=&to=&user=&limit=} (JSON, newest
 * first) and {@code GET /api/audit/csv} with the same filters. {@code from} and {@code to} are dates (UTC days) or
 * times with an offset; {@code from} included, {@code to} excluded; {@code limit} 1–10,000, default 200.
 */
public final class AuditApi {

    private final AuditTrail trail;

    public AuditApi(AuditTrail trail) {
        this.trail = trail;
    }

    private List<AuditEvent> events(String from, String to, String user, String limit) {
        return trail.list(RunApi.time("from", from), RunApi.time("to", to), user, RunApi.limit(limit, 200, 10_000));
    }

    public String list(String from, String to, String user, String limit) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AuditEvent e : events(from, to, user, limit)) {
            ObjectNode n = out.addObject();
            n.put("at", Json.time(e.at()));
            n.put("user", e.actor());
            n.put("role", e.role());
            n.put("address", e.address());
            n.put("action", e.action());
            n.put("object", e.object());
            n.put("outcome", e.outcome());
            n.put("detail", e.detail());
        }
        return Json.write(out);
    }

    public String csv(String from, String to, String user, String limit) {
        return AuditTrail.csv(events(from, to, user, limit));
    }
}
