package org.respaldo.schedule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A schedule in the field names of the schedule file, every default written out. This is the
 * form that is stored and that the API shows, and reading it back gives the same schedule.
 */
public final class ScheduleJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ScheduleJson() {
    }

    public static ObjectNode toJson(Schedule s) {
        ObjectNode o = F.objectNode();
        o.put("version", s.formatVersion());
        o.put("id", s.id());
        o.put("title", s.title());
        o.put("owner", s.owner());
        o.put("enabled", s.enabled());
        o.put("cron", s.cron());
        o.put("timezone", s.timezone().getId());
        if (s.validFrom() != null) {
            o.put("validFrom", s.validFrom().toString());
        }
        if (s.validUntil() != null) {
            o.put("validUntil", s.validUntil().toString());
        }
        ObjectNode w = o.putObject("window");
        w.put("start", s.window().start().toString());
        w.put("end", s.window().end().toString());
        if (s.maxDuration() != null) {
            o.put("maxDuration", s.maxDuration().toString());
        }
        ArrayNode blackouts = o.putArray("blackouts");
        for (Schedule.Blackout b : s.blackouts()) {
            if (b instanceof Schedule.Blackout.Day d) {
                blackouts.add(d.date().toString());
            } else if (b instanceof Schedule.Blackout.Period p) {
                ObjectNode period = blackouts.addObject();
                period.put("from", p.from().toString());
                period.put("to", p.to().toString());
            }
        }
        ObjectNode v = o.putObject("veeam");
        if (s.veeam().server() != null) {
            v.put("server", s.veeam().server());
        }
        if (s.veeam().all()) {
            v.put("all", true);
        } else {
            ArrayNode jobs = v.putArray("jobs");
            s.veeam().jobs().forEach(jobs::add);
        }
        v.put("activeFull", s.veeam().activeFull());
        ObjectNode st = o.putObject("storage");
        st.put("repository", s.storage().repository());
        st.put("path", s.storage().path());
        st.put("minFreeGb", s.storage().minFreeGb());
        ObjectNode n = o.putObject("notify");
        n.put("director", s.notification().director());
        ArrayNode techs = n.putArray("technicians");
        s.notification().technicians().forEach(techs::add);
        n.put("language", s.notification().language());
        ObjectNode r = o.putObject("retry");
        r.put("attempts", s.retry().attempts());
        r.put("delay", s.retry().delay().toString());
        o.put("overlap", s.overlap().name().toLowerCase(java.util.Locale.ROOT));
        o.put("misfire", s.misfire().name().toLowerCase(java.util.Locale.ROOT));
        if (s.rpo() != null) {
            o.put("rpo", s.rpo().toString());
        }
        return o;
    }
}
