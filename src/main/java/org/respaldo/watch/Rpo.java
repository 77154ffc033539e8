package org.respaldo.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.Schedule;

/**
 * "No recent backup": whether a schedule has gone longer than its rpo without a run that ended SUCCESS
 * or WARNING. A pure function of the schedule, its last good run, its acceptance and now: no database,
 * no clock, so its edges are cheap to test.
 */
public final class Rpo {

    /** What the watch concludes for one schedule at one moment. */
    public record Status(boolean watched, boolean breached, Instant since, Duration rpo, Instant basis) {

        static final Status UNWATCHED = new Status(false, false, null, null, null);
    }

    private Rpo() {
    }

    /** The schedule's own rpo, else twice its longest gap between two fires after {@code from}; empty when it has no gap. */
    public static Optional<Duration> of(Schedule schedule, Instant from) {
        if (schedule.rpo() != null) {
            return Optional.of(schedule.rpo());
        }
        return FireTimes.longestGap(schedule, from).map(gap -> gap.multipliedBy(2));
    }

    /**
     * Where a schedule stands: breached when its last good run ({@code lastGood}, the start of the last
     * run that ended SUCCESS or WARNING; null when there is none) is older than {@code rpo}; a schedule
     * with no good run counts from its acceptance ({@code acceptedAt}, or from its validFrom when that is
     * later). The breach began at that moment plus the rpo ({@link Status#since}). A disabled schedule,
     * one without an rpo (no gap and none given) or one past its validUntil day is not watched.
     */
    public static Status evaluate(Schedule schedule, Duration rpo, Instant lastGood, Instant acceptedAt, Instant now) {
        if (!schedule.enabled() || rpo == null) {
            return Status.UNWATCHED;
        }
        if (schedule.validUntil() != null
                && !now.isBefore(schedule.validUntil().plusDays(1).atStartOfDay(schedule.timezone()).toInstant())) {
            return Status.UNWATCHED;
        }
        Instant basis = lastGood;
        if (basis == null) {
            basis = acceptedAt;
            if (schedule.validFrom() != null) {
                Instant validFrom = schedule.validFrom().atStartOfDay(schedule.timezone()).toInstant();
                if (validFrom.isAfter(basis)) {
                    basis = validFrom;
                }
            }
        }
        Instant due = basis.plus(rpo);
        return now.isAfter(due) ? new Status(true, true, due, rpo, basis) : new Status(true, false, null, rpo, basis);
    }

    /** The same, with the schedule's rpo ({@link #of}). */
    public static Status evaluate(Schedule schedule, Instant lastGood, Instant acceptedAt, Instant now) {
        return evaluate(schedule, of(schedule, now).orElse(null), lastGood, acceptedAt, now);
    }
}
