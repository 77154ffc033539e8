package org.respaldo.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

import org.quartz.CronExpression;

/**
 * When a schedule fires: its cron expression in its time zone, with validity and blackouts
 * applied. The Quartz trigger uses the same rules ({@link BlackoutCalendar} and the trigger's
 * start/end), so what the API forecasts is what Quartz does.
 */
public final class FireTimes {

    /** Upper bound of cron instants examined in one call, so that a dense cron cannot stall. */
    static final int MAX_STEPS = 200_000;

    private FireTimes() {
    }

    /**
     * Parsed expressions by zone and text: parsing costs more than computing a few fire times, and
     * one file is looked at several times (validation, window check, overlaps); many schedules
     * share a cron. An expression is only read once built, so one instance serves every thread.
     */
    private static final Map<String, CronExpression> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_MAX = 10_000;

    /** The schedule's cron in its zone (shared: do not change it). */
    public static CronExpression cron(Schedule schedule) {
        try {
            return parse(schedule.cron(), schedule.timezone());
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid cron '" + schedule.cron() + "': " + e.getMessage(), e);
        }
    }

    /** A cron expression in a zone (shared: do not change it); the parse error as Quartz words it. */
    static CronExpression parse(String cron, ZoneId zone) throws ParseException {
        String key = zone.getId() + '\u0000' + cron;
        CronExpression expression = PARSED.get(key);
        if (expression == null) {
            expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            PARSED.put(key, expression);
        }
        return expression;
    }

    /** Fire times strictly after {@code from} and before {@code until}, at most {@code limit}. */
    public static List<ZonedDateTime> between(Schedule schedule, Instant from, Instant until, int limit) {
        CronExpression expression = cron(schedule);
        List<ZonedDateTime> result = new ArrayList<>();
        Date next = expression.getNextValidTimeAfter(Date.from(from));
        int steps = 0;
        while (next != null && next.toInstant().isBefore(until) && result.size() < limit && steps++ < MAX_STEPS) {
            ZonedDateTime at = next.toInstant().atZone(schedule.timezone());
            if (schedule.validUntil() != null && at.toLocalDate().isAfter(schedule.validUntil())) {
                break;
            }
            if (schedule.allows(at.toLocalDateTime())) {
                result.add(at);
            }
            next = expression.getNextValidTimeAfter(next);
        }
        return result;
    }

    /** The next {@code count} fire times after {@code from}, looking at most 366 days ahead. */
    public static List<ZonedDateTime> next(Schedule schedule, Instant from, int count) {
        return between(schedule, from, from.plus(java.time.Duration.ofDays(366)), count);
    }

    /**
     * The first raw cron time (validity applied, blackouts ignored) whose local time lies
     * outside the window, looking {@code days} ahead; null when every one is inside.
     */
    public static LocalDateTime firstOutsideWindow(Schedule schedule, Instant from, int days, int maxFires) {
        CronExpression expression = cron(schedule);
        Instant until = from.plus(java.time.Duration.ofDays(days));
        // Without a clock change in the zone, a cron fires at the same times of day on every day it
        // fires at all (the day fields only choose the days). So once every fire of the first day
        // and of the first whole day after it is inside the window, every later one is too: the
        // rest need not be computed. With a clock change ahead, every fire is looked at.
        ZoneOffsetTransition change = schedule.timezone().getRules().nextTransition(from);
        boolean sameTimesEveryDay = change == null || !change.getInstant().isBefore(until);
        Date next = expression.getNextValidTimeAfter(Date.from(from));
        int seen = 0;
        java.time.LocalDate day = null;
        int daysLookedAt = 0;
        while (next != null && next.toInstant().isBefore(until) && seen++ < maxFires) {
            LocalDateTime local = LocalDateTime.ofInstant(next.toInstant(), schedule.timezone());
            if (!schedule.window().contains(local.toLocalTime())) {
                return local;
            }
            if (!local.toLocalDate().equals(day)) {
                day = local.toLocalDate();
                if (++daysLookedAt > 2 && sameTimesEveryDay) {
                    return null;
                }
            }
            next = expression.getNextValidTimeAfter(next);
        }
        return null;
    }

    /** How far {@link #longestGap} looks ahead, and at most how many fires it walks. */
    public static final int GAP_HORIZON_DAYS = 366;
    public static final int GAP_MAX_FIRES = 10_000;

    /**
     * The longest time between two consecutive fires after {@code from}, looking up to 366 days ahead
     * (validity applied, blackouts ignored: a blackout is a deliberate pause, not the rhythm of the
     * schedule); empty when fewer than two fires lie ahead. A cron denser than 10,000 fires in that
     * horizon is measured over its first 10,000 (four weeks of a fire every minute of eight working hours a day).
     */
    public static java.util.Optional<java.time.Duration> longestGap(Schedule schedule, Instant from) {
        CronExpression expression = cron(schedule);
        Instant start = from;
        if (schedule.validFrom() != null) {
            Instant validFrom = schedule.validFrom().atStartOfDay(schedule.timezone()).toInstant();
            if (validFrom.isAfter(start)) {
                start = validFrom.minusMillis(1);
            }
        }
        Instant until = start.plus(java.time.Duration.ofDays(GAP_HORIZON_DAYS));
        Date previous = null;
        Date next = expression.getNextValidTimeAfter(Date.from(start));
        long longest = -1;
        int seen = 0;
        while (next != null && next.toInstant().isBefore(until) && seen++ < GAP_MAX_FIRES) {
            if (schedule.validUntil() != null
                    && next.toInstant().atZone(schedule.timezone()).toLocalDate().isAfter(schedule.validUntil())) {
                break;
            }
            if (previous != null) {
                longest = Math.max(longest, next.getTime() - previous.getTime());
            }
            previous = next;
            next = expression.getNextValidTimeAfter(next);
        }
        return longest < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofMillis(longest));
    }
}
