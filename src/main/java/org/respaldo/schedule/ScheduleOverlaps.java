package org.respaldo.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns when another enabled schedule drives the same Veeam repository or jobs at overlapping
 * times (next {@value #DAYS} days). Each schedule's busy intervals (a fire until its window
 * ends or its maxDuration passes) are computed once per version and cached.
 */
public final class ScheduleOverlaps {

    static final int DAYS = 14;
    static final int MAX_NAMED = 5;

    private record Interval(Instant from, Instant to) {
        boolean overlaps(Interval o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    private record Busy(int version, Instant computedAt, List<Interval> intervals) {
    }

    private final Clock clock;
    private final Map<String, Busy> cache = new ConcurrentHashMap<>();

    public ScheduleOverlaps(Clock clock) {
        this.clock = clock;
    }

    /** Warnings (Spanish / English) naming the schedules that overlap {@code s}. */
    public List<String> warnings(Schedule s, java.util.Collection<ActiveSchedule> others) {
        if (!s.enabled()) {
            return List.of();
        }
        List<Interval> mine = intervals(s, clock.instant());
        List<String> clashing = new ArrayList<>();
        for (ActiveSchedule other : others) {
            Schedule o = other.schedule();
            if (o.id().equals(s.id()) || !o.enabled() || !o.veeam().server().equals(s.veeam().server()) || !shares(s, o)) {
                continue;
            }
            List<Interval> theirs = cached(other);
            if (mine.stream().anyMatch(a -> theirs.stream().anyMatch(a::overlaps))) {
                clashing.add(o.id());
                if (clashing.size() > MAX_NAMED) {
                    break;
                }
            }
        }
        if (clashing.isEmpty()) {
            return List.of();
        }
        String names = String.join(", ", clashing.subList(0, Math.min(MAX_NAMED, clashing.size())))
                + (clashing.size() > MAX_NAMED ? " (y otras / and others)" : "");
        return List.of("Se solapa en los próximos " + DAYS + " días con " + names + ", que usa(n) el mismo repositorio o trabajos de Veeam."
                + " / Overlaps in the next " + DAYS + " days with " + names + ", which use(s) the same Veeam repository or jobs.");
    }

    private static boolean shares(Schedule a, Schedule b) {
        if (a.storage().repository().equals(b.storage().repository()) || a.veeam().all() || b.veeam().all()) {
            return true;
        }
        return a.veeam().jobs().stream().anyMatch(b.veeam().jobs()::contains);
    }

    private List<Interval> cached(ActiveSchedule a) {
        Instant now = clock.instant();
        Busy busy = cache.get(a.id());
        if (busy == null || busy.version() != a.version() || busy.computedAt().plus(Duration.ofHours(1)).isBefore(now)) {
            busy = new Busy(a.version(), now, intervals(a.schedule(), now));
            cache.put(a.id(), busy);
        }
        return busy.intervals();
    }

    private static List<Interval> intervals(Schedule s, Instant now) {
        List<Interval> result = new ArrayList<>();
        for (ZonedDateTime fire : FireTimes.between(s, now, now.plus(Duration.ofDays(DAYS)), 500)) {
            Instant from = fire.toInstant();
            Instant end = fire.toLocalDate().atTime(s.window().end()).atZone(s.timezone()).toInstant();
            if (!end.isAfter(from)) {
                end = fire.toLocalDate().plusDays(1).atTime(s.window().end()).atZone(s.timezone()).toInstant();
            }
            if (s.maxDuration() != null && from.plus(s.maxDuration()).isBefore(end)) {
                end = from.plus(s.maxDuration());
            }
            result.add(new Interval(from, end));
        }
        return result;
    }
}
