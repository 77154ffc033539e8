package org.respaldo.run;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.json.Json;

/**
 * A run as JSON: the field names of GET /api/runs and of the report file are a contract. The report
 * file of a run is {@link #report} of the run as stored, byte for byte what GET /api/runs/{id} answers.
 */
public final class RunJson {

    private RunJson() {
    }

    public static ObjectNode summary(Run r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("scheduleId", r.scheduleId());
        o.put("scheduleVersion", r.scheduleVersion());
        o.put("scheduleTitle", r.target().scheduleTitle());
        o.put("trigger", r.trigger().json());
        o.put("scheduledFireTime", Json.time(r.scheduledFireTime()));
        o.put("queuedAt", Json.time(r.queuedAt()));
        o.put("startedAt", Json.time(r.startedAt()));
        o.put("endedAt", Json.time(r.endedAt()));
        o.put("deadline", Json.time(r.deadline()));
        o.put("status", r.status().name());
        o.put("result", r.result() == null ? null : r.result().name());
        ArrayNode reasons = o.putArray("reasons");
        r.reasons().forEach(reasons::add);
        o.put("node", r.node());
        if (r.directorReached() == null) {
            o.putNull("directorReached");
        } else {
            o.put("directorReached", r.directorReached());
        }
        return o;
    }

    public static ObjectNode full(Run r) {
        ObjectNode o = summary(r);
        o.put("veeamServer", r.target().veeamServer());
        o.put("repository", r.target().repository());
        o.put("path", r.target().path());
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
            n.put("state", j.state().name());
            n.put("sessionId", j.sessionId());
            n.put("result", j.result() == null ? null : j.result().name());
            n.put("startedAt", Json.time(j.startedAt()));
            n.put("endedAt", Json.time(j.endedAt()));
            n.put("attempts", j.attempts());
            if (j.progress() == null) {
                n.putNull("progress");
            } else {
                n.put("progress", j.progress());
            }
            n.put("message", j.message());
            ArrayNode log = n.putArray("logRecords");
            j.logRecords().forEach(log::add);
            Run.Report rep = j.report();
            n.put("processedBytes", rep == null ? null : rep.processedBytes());
            n.put("readBytes", rep == null ? null : rep.readBytes());
            n.put("transferredBytes", rep == null ? null : rep.transferredBytes());
            n.put("ratePerSecond", rep == null ? null : rep.ratePerSecond());
            n.put("bottleneck", rep == null ? null : rep.bottleneck());
            ArrayNode objects = n.putArray("objects");
            if (rep != null) {
                for (Run.ObjectResult x : rep.objects()) {
                    ObjectNode on = objects.addObject();
                    on.put("name", x.name());
                    on.put("result", x.result());
                    on.put("message", x.message());
                    on.put("processedBytes", x.processedBytes());
                    on.put("readBytes", x.readBytes());
                    on.put("transferredBytes", x.transferredBytes());
                    on.put("restorePointId", x.restorePointId());
                    on.put("restorePointTime", Json.time(x.restorePointTime()));
                    on.put("backupId", x.backupId());
                }
            }
        }
        return o;
    }

    /** The report of a run: exactly the body of GET /api/runs/{id}. */
    public static byte[] report(Run r) {
        return Json.write(full(r)).getBytes(StandardCharsets.UTF_8);
    }
}
