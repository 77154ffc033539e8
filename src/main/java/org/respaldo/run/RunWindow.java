package org.respaldo.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

import org.respaldo.schedule.Schedule;

/** Where a moment stands in a schedule's daily window. */
public final class RunWindow {

    private RunWindow() {
    }

    /**
     * The end of the window occurrence that contains {@code now}, or, when {@code now} is
     * outside the window, the next window end after it.
     */
    public static Instant end(Schedule s, Instant now) {
        ZonedDateTime local = now.atZone(s.timezone());
        Schedule.Window w = s.window();
        LocalDate day = local.toLocalDate();
        ZonedDateTime endToday = day.atTime(w.end()).atZone(s.timezone());
        if (w.crossesMidnight() && !local.toLocalTime().isBefore(w.start())) {
            return day.plusDays(1).atTime(w.end()).atZone(s.timezone()).toInstant();
        }
        return endToday.isAfter(local) ? endToday.toInstant() : endToday.plusDays(1).toInstant();
    }

    /** The run's deadline: the window's end, or the start plus maxDuration when that is earlier. */
    public static Instant deadline(Schedule s, Instant start) {
        return deadline(s, start, start);
    }

    /**
     * The deadline of a run of the fire at {@code fire} that starts at {@code start} (later, when it
     * waited): the end of the fire's window, or the start plus maxDuration when that is earlier.
     */
    public static Instant deadline(Schedule s, Instant fire, Instant start) {
        Instant end = end(s, fire);
        Duration max = s.maxDuration();
        if (max != null && start.plus(max).isBefore(end)) {
            return start.plus(max);
        }
        return end;
    }
}
