package org.respaldo.web;

import org.respaldo.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.ScheduleJson;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleStore;

/** The read-only schedules API: {@code /api/schedules}. Returns JSON text. */
public final class ScheduleApi {

    static final int NEXT_FIRE_TIMES = 10;
    static final int MAX_FORECAST_DAYS = 366;

    private final ScheduleRegistry registry;
    private final Clock clock;

    public ScheduleApi(ScheduleRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public String list() {
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (ActiveSchedule a : registry.all()) {
            ObjectNode o = result.addObject();
            o.put("id", a.id());
            o.put("title", a.schedule().title());
            o.put("enabled", a.schedule().enabled());
            o.put("version", a.version());
            o.put("nextFireTime", Json.time(registry.triggers().nextFireTime(a.schedule())));
        }
        return Json.write(result);
    }

    public String get(String id) {
        ActiveSchedule a = find(id);
        ObjectNode o = ScheduleJson.toJson(a.schedule());
        o.put("version", a.version());
        o.put("acceptedAt", Json.time(a.acceptedAt()));
        o.put("sourceFile", a.sourceFile());
        ArrayNode next = o.putArray("nextFireTimes");
        if (a.schedule().enabled()) {
            FireTimes.next(a.schedule(), clock.instant(), NEXT_FIRE_TIMES).forEach(t -> next.add(Json.time(t)));
        }
        ArrayNode history = o.putArray("history");
        for (ScheduleStore.Version v : registry.history(id)) {
            ObjectNode h = history.addObject();
            h.put("version", v.version());
            h.put("acceptedAt", Json.time(v.acceptedAt()));
            h.put("owner", v.owner());
            h.put("sha256", v.sha256());
            h.put("sourceFile", v.sourceFile());
        }
        return Json.write(o);
    }

    public String forecast(String id, String days) {
        ActiveSchedule a = find(id);
        int n = 14;
        if (days != null && !days.isBlank()) {
            try {
                n = Integer.parseInt(days.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_FORECAST_DAYS) {
                throw ApiException.badRequest("days must be a whole number from 1 to " + MAX_FORECAST_DAYS + "; got '" + days + "'");
            }
        }
        Instant from = clock.instant();
        Instant until = from.plus(Duration.ofDays(n));
        List<ZonedDateTime> times = a.schedule().enabled()
                ? FireTimes.between(a.schedule(), from, until, 100_000) : List.of();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("days", n);
        o.put("from", Json.time(from));
        o.put("to", Json.time(until));
        ArrayNode arr = o.putArray("fireTimes");
        times.forEach(t -> arr.add(Json.time(t)));
        return Json.write(o);
    }

    private ActiveSchedule find(String id) {
        return registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
    }
}
