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
 * times (next {@value #DAYS} days). The busy intervals (a fire until its window ends or its
 * maxDuration passes) are computed once an hour per timing (cron, zone, window, maxDuration,
 * validity, blackouts) and shared by the schedules that have it.
 */
public final class ScheduleOverlaps {

    static final int DAYS = 14;
    static final int MAX_NAMED = 5;

    private record Interval(Instant from, Instant to) {
        boolean overlaps(Interval o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    private record Busy(Instant computedAt, List<Interval> intervals) {
    }

    /** What the busy intervals depend on: schedules with the same timing share them (many share a cron). */
    private record Timing(String cron, java.time.ZoneId zone, Schedule.Window window, Duration maxDuration,
            java.time.LocalDate validFrom, java.time.LocalDate validUntil, List<Schedule.Blackout> blackouts) {
        static Timing of(Schedule s) {
            return new Timing(s.cron(), s.timezone(), s.window(), s.maxDuration(), s.validFrom(), s.validUntil(), s.blackouts());
        }
    }

    private static final int CACHE_MAX = 20_000;

    private final Clock clock;
    private final Map<Timing, Busy> cache = new ConcurrentHashMap<>();

    public ScheduleOverlaps(Clock clock) {
        this.clock = clock;
    }

    /** Warnings (Spanish / English) naming the schedules that overlap {@code s}. */
    public List<String> warnings(Schedule s, java.util.Collection<ActiveSchedule> others) {
        if (!s.enabled()) {
            return List.of();
        }
        List<Interval> mine = cached(s);
        List<String> clashing = new ArrayList<>();
        for (ActiveSchedule other : others) {
            Schedule o = other.schedule();
            if (o.id().equals(s.id()) || !o.enabled() || !o.veeam().server().equals(s.veeam().server()) || !shares(s, o)) {
                continue;
            }
            List<Interval> theirs = cached(o);
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

    /** The busy intervals of a schedule's timing, computed at most once an hour. */
    private List<Interval> cached(Schedule s) {
        Instant now = clock.instant();
        Timing key = Timing.of(s);
        Busy busy = cache.get(key);
        if (busy == null || busy.computedAt().plus(Duration.ofHours(1)).isBefore(now)) {
            busy = new Busy(now, intervals(s, now));
            if (cache.size() >= CACHE_MAX) {
                cache.clear();
            }
            cache.put(key, busy);
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
