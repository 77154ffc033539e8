package org.respaldo.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.json.Json;
import org.respaldo.run.FireFates;
import org.respaldo.run.Run;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleStore;

/**
 * {@code GET /api/schedules/{id}/fires?from=&to=} ("¿Por qué no se ejecutó?"): the schedule's versions, its runs in
 * the range and the nodes, read here; {@link FireFates} explains them. {@code from} and {@code to} are days
 * ({@code YYYY-MM-DD}, in the schedule's zone, both included) or instants (ISO-8601, {@code to} excluded); by default
 * the last seven days and tomorrow. At most 400 days.
 */
public final class FiresApi {

    static final int MAX_DAYS = 400;
    static final int MAX_RUNS = 20_000;

    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final Clock clock;
    private final Duration grace;

    public FiresApi(ScheduleRegistry registry, RunStore runs, Clock clock, Duration misfireThreshold) {
        this.registry = registry;
        this.runs = runs;
        this.clock = clock;
        this.grace = misfireThreshold.plusMinutes(1);
    }

    /** The range asked for, as instants, and the zone it was read in. */
    public record Range(Instant from, Instant to, ZoneId zone, LocalDate fromDay, LocalDate toDay) {
    }

    public Range range(String id, String from, String to) {
        ActiveSchedule a = registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
        ZoneId zone = a.schedule().timezone();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        Instant f;
        Instant t;
        try {
            f = blank(from) ? today.minusDays(7).atStartOfDay(zone).toInstant() : from.contains("T") ? Instant.parse(from.trim())
                    : LocalDate.parse(from.trim()).atStartOfDay(zone).toInstant();
            t = blank(to) ? today.plusDays(2).atStartOfDay(zone).toInstant() : to.contains("T") ? Instant.parse(to.trim())
                    : LocalDate.parse(to.trim()).plusDays(1).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.badRequest("from and to are days (YYYY-MM-DD) or instants (ISO-8601): " + e.getMessage());
        }
        if (!t.isAfter(f)) {
            throw ApiException.badRequest("to must be after from");
        }
        if (Duration.between(f, t).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw ApiException.badRequest("the range is longer than " + MAX_DAYS + " days");
        }
        return new Range(f, t, zone, f.atZone(zone).toLocalDate(), t.minusMillis(1).atZone(zone).toLocalDate());
    }

    /** The explanation of the schedule's fires in the range. */
    public FireFates.Explanation explain(String id, Range range) {
        List<FireFates.Version> versions = new ArrayList<>();
        for (ScheduleStore.Version v : registry.history(id)) {
            Schedule s = registry.version(id, v.version());
            if (s != null) {
                versions.add(new FireFates.Version(v.version(), v.acceptedAt(), s));
            }
        }
        List<Run> list = runs.list(new RunStore.Filter(id, null, null, null, range.from(), range.to()), MAX_RUNS, 0);
        List<FireFates.Node> nodes = runs.nodes().stream().map(n -> new FireFates.Node(n.node(), n.startedAt(), n.lastCheckin()))
                .toList();
        return FireFates.explain(versions, list, nodes, range.from(), range.to(), clock.instant(), grace);
    }

    /** The JSON answer. */
    public String fires(String id, String from, String to) {
        Range range = range(id, from, to);
        FireFates.Explanation e = explain(id, range);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("from", Json.time(range.from()));
        o.put("to", Json.time(range.to()));
        o.put("timezone", range.zone().getId());
        o.put("registeredAt", e.registeredAt() == null ? null : Json.time(e.registeredAt()));
        o.put("truncated", e.truncated());
        ArrayNode fires = o.putArray("fires");
        for (FireFates.Fire f : e.fires()) {
            ObjectNode n = fires.addObject();
            n.put("at", Json.time(f.at()));
            n.put("local", f.local().toString());
            n.put("version", f.version());
            n.put("expected", f.expected());
            n.put("fate", f.fate().name().toLowerCase(Locale.ROOT));
            if (f.run() != null) {
                n.put("runId", f.run().id());
                n.put("result", f.run().result() == null ? null : f.run().result().name());
            }
            n.put("firstOfVersion", f.firstOfVersion());
            evidence(n.putArray("evidence"), f.evidence());
        }
        ArrayNode changes = o.putArray("versionChanges");
        for (FireFates.Change c : e.changes()) {
            ObjectNode n = changes.addObject();
            n.put("at", Json.time(c.at()));
            n.put("from", c.from());
            n.put("to", c.to());
            evidence(n.putArray("changed"), c.changed());
        }
        ArrayNode others = o.putArray("otherRuns");
        for (Run r : e.others()) {
            ObjectNode n = others.addObject();
            n.put("runId", r.id());
            n.put("trigger", r.trigger().json());
            n.put("at", Json.time(r.scheduledFireTime()));
            n.put("result", r.result() == null ? null : r.result().name());
        }
        return Json.write(o);
    }

    private static void evidence(ArrayNode a, List<FireFates.Evidence> ev) {
        for (FireFates.Evidence x : ev) {
            ObjectNode n = a.addObject();
            n.put("es", x.es());
            n.put("en", x.en());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
