package org.respaldo.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.web.Json;

/** A run as JSON: the field names of GET /api/runs and of the report file are a contract. */
public final class RunJson {

    private RunJson() {
    }

    public static ObjectNode summary(Run r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("scheduleId", r.scheduleId());
        o.put("scheduleVersion", r.scheduleVersion());
        o.put("scheduledFireTime", Json.time(r.scheduledFireTime()));
        o.put("startedAt", Json.time(r.startedAt()));
        o.put("endedAt", Json.time(r.endedAt()));
        o.put("status", r.status().name());
        o.put("result", r.result() == null ? null : r.result().name());
        ArrayNode reasons = o.putArray("reasons");
        r.reasons().forEach(reasons::add);
        return o;
    }

    public static ObjectNode full(Run r) {
        ObjectNode o = summary(r);
        ArrayNode stages = o.putArray("stages");
        for (Run.Stage s : r.stages()) {
            ObjectNode n = stages.addObject();
            n.put("name", s.name());
            n.put("startedAt", Json.time(s.startedAt()));
            n.put("endedAt", Json.time(s.endedAt()));
            n.put("outcome", s.outcome());
            n.put("detail", s.detail());
        }
        ArrayNode jobs = o.putArray("jobs");
        for (Run.Job j : r.jobs()) {
            ObjectNode n = jobs.addObject();
            n.put("name", j.name());
            n.put("sessionId", j.sessionId());
            n.put("result", j.result().name());
            n.put("startedAt", Json.time(j.startedAt()));
            n.put("endedAt", Json.time(j.endedAt()));
            n.put("attempts", j.attempts());
            n.put("message", j.message());
            ArrayNode log = n.putArray("logRecords");
            j.logRecords().forEach(log::add);
        }
        return o;
    }
}
