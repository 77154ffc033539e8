package org.respaldo.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.respaldo.availability.Availability;

/**
 * A run on a time axis, for its page: the window (from the scheduled start to the deadline) shaded, a
 * mark at the scheduled start, one bar per job from its actual start to its end (to now while it runs).
 * Positions are percentages of the axis, as text for SVG attributes (no inline styles: the console's
 * Content-Security-Policy allows none). Also the expected end of a run in progress (the Panel), from the
 * median of the schedule's last successful runs, as the availability check takes it.
 */
public final class Timeline {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Timeline() {
    }

    /** One job as the run records it; {@code start} null while not started, {@code end} null while it runs. */
    public record JobSpan(String name, String mark, String result, Instant start, Instant end) {
    }

    /** A job's bar; {@code x} and {@code width} are percentages ("12.50%"); no bar when the job never started. */
    public record Bar(String name, String mark, boolean started, boolean running, String x, String width, String label) {
    }

    /** The axis: its ends, the window shaded, the scheduled start and now (shown while the run is in progress). */
    public record View(String from, String to, String windowX, String windowWidth, String scheduledX, boolean showNow, String nowX,
            String label, List<Bar> bars) {
    }

    /**
     * @param scheduled the run's scheduled fire time
     * @param deadline  the window's end (null when the run has none recorded)
     * @param inProgress whether the run is still going (bars of running jobs end at now, and now is marked)
     */
    public static View of(Instant scheduled, Instant deadline, Instant now, boolean inProgress, List<JobSpan> jobs, ZoneId zone,
            boolean en) {
        Instant lo = scheduled;
        Instant hi = deadline != null ? deadline : scheduled;
        for (JobSpan j : jobs) {
            if (j.start() != null) {
                lo = min(lo, j.start());
                Instant end = j.end() != null ? j.end() : inProgress ? now : j.start();
                hi = max(hi, end);
            }
        }
        if (inProgress) {
            hi = max(hi, now);
        }
        if (!hi.isAfter(lo)) {
            hi = lo.plusSeconds(60);
        }
        double span = Duration.between(lo, hi).toMillis();
        Instant windowEnd = deadline != null ? deadline : scheduled;
        List<Bar> bars = new ArrayList<>();
        for (JobSpan j : jobs) {
            if (j.start() == null) {
                bars.add(new Bar(j.name(), j.mark(), false, false, "0%", "0%", j.name() + ": " + (en ? "not started" : "sin iniciar")
                        + " (" + j.result() + ")"));
                continue;
            }
            boolean running = j.end() == null && inProgress;
            Instant end = j.end() != null ? j.end() : running ? now : j.start();
            double x = pct(lo, j.start(), span);
            // at least a sliver, so that a job of a few seconds in a window of hours is still seen
            double w = Math.max(0.5, Math.min(100 - x, pct(lo, end, span) - x));
            String label = j.name() + ": " + (en ? "scheduled " : "programado ") + HM.format(scheduled.atZone(zone))
                    + (en ? ", started " : ", inicio ") + HM.format(j.start().atZone(zone))
                    + (j.end() != null ? (en ? ", ended " : ", fin ") + HM.format(j.end().atZone(zone))
                            : running ? (en ? ", still running" : ", en curso") : "")
                    + " (" + j.result() + ")";
            bars.add(new Bar(j.name(), running ? "curso" : j.mark(), true, running, fmt(x), fmt(w), label));
        }
        double wx = pct(lo, scheduled, span);
        double ww = Math.max(0, pct(lo, windowEnd, span) - wx);
        String label = (en ? "Window " : "Ventana ") + HM.format(scheduled.atZone(zone)) + "–"
                + (deadline == null ? "?" : HM.format(deadline.atZone(zone))) + " (" + zone.getId() + ")";
        return new View(DAY_HM.format(lo.atZone(zone)), DAY_HM.format(hi.atZone(zone)), fmt(wx), fmt(ww), fmt(wx), inProgress,
                fmt(pct(lo, min(now, hi), span)), label, bars);
    }

    /**
     * When a run that began at {@code start} is expected to end: start plus the median of the durations of the
     * schedule's last successful runs; empty without such runs.
     */
    public static Optional<Instant> expectedEnd(Instant start, List<Duration> earlier) {
        if (start == null || earlier.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(start.plus(Availability.median(earlier)));
    }

    private static double pct(Instant lo, Instant t, double span) {
        return Math.max(0, Math.min(100, Duration.between(lo, t).toMillis() * 100.0 / span));
    }

    private static String fmt(double pct) {
        return String.format(Locale.ROOT, "%.2f%%", pct);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
