package org.respaldo.schedule;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * One backup schedule ("programación", step 1 of ME-DS-TI-MNP-12), as read from a schedule
 * file with every default applied. {@code rpo} ("no recent backup") is the longest the schedule may go
 * without a run that ended SUCCESS or WARNING; null when the file gives none (the watch then allows
 * twice the longest gap between two fires, {@link FireTimes#longestGap}).
 */
public record Schedule(
        int formatVersion,
        String id,
        String title,
        String owner,
        boolean enabled,
        String cron,
        ZoneId timezone,
        LocalDate validFrom,
        LocalDate validUntil,
        Window window,
        Duration maxDuration,
        List<Blackout> blackouts,
        VeeamTarget veeam,
        Storage storage,
        Notify notification,
        Retry retry,
        Overlap overlap,
        Misfire misfire,
        Duration rpo) {

    public Schedule {
        blackouts = List.copyOf(blackouts);
        misfire = misfire == null ? Misfire.RUN : misfire;
    }

    /**
     * A schedule without an {@code rpo} of its own (the "no recent backup" watch then allows twice the
     * longest gap between two fires).
     */
    public Schedule(int formatVersion, String id, String title, String owner, boolean enabled, String cron, ZoneId timezone,
            LocalDate validFrom, LocalDate validUntil, Window window, Duration maxDuration, List<Blackout> blackouts,
            VeeamTarget veeam, Storage storage, Notify notification, Retry retry, Overlap overlap, Misfire misfire) {
        this(formatVersion, id, title, owner, enabled, cron, timezone, validFrom, validUntil, window, maxDuration, blackouts,
                veeam, storage, notification, retry, overlap, misfire, null);
    }

    /** A schedule with the default misfire policy ({@code run}). */
    public Schedule(int formatVersion, String id, String title, String owner, boolean enabled, String cron, ZoneId timezone,
            LocalDate validFrom, LocalDate validUntil, Window window, Duration maxDuration, List<Blackout> blackouts,
            VeeamTarget veeam, Storage storage, Notify notification, Retry retry, Overlap overlap) {
        this(formatVersion, id, title, owner, enabled, cron, timezone, validFrom, validUntil, window, maxDuration, blackouts,
                veeam, storage, notification, retry, overlap, Misfire.RUN, null);
    }

    /** The daily time window in which backups may run; {@code end} before {@code start} crosses midnight. */
    public record Window(LocalTime start, LocalTime end) {

        public boolean crossesMidnight() {
            return end.isBefore(start);
        }

        /** Whether a local time of day lies inside the window (start inclusive, end exclusive). */
        public boolean contains(LocalTime time) {
            return crossesMidnight()
                    ? !time.isBefore(start) || time.isBefore(end)
                    : !time.isBefore(start) && time.isBefore(end);
        }

        public Duration length() {
            Duration d = Duration.between(start, end);
            return d.isNegative() ? d.plusDays(1) : d;
        }
    }

    /** A date or a period of local date-times during which the schedule must not fire. */
    public sealed interface Blackout {
        boolean covers(LocalDateTime localTime);

        record Day(LocalDate date) implements Blackout {
            @Override
            public boolean covers(LocalDateTime localTime) {
                return localTime.toLocalDate().equals(date);
            }
        }

        record Period(LocalDateTime from, LocalDateTime to) implements Blackout {
            @Override
            public boolean covers(LocalDateTime localTime) {
                return !localTime.isBefore(from) && localTime.isBefore(to);
            }
        }
    }

    /** Which Veeam server and jobs a run drives. Exactly one of {@code jobs} (non-empty) or {@code all}. */
    public record VeeamTarget(String server, List<String> jobs, boolean all, boolean activeFull) {
        public VeeamTarget {
            jobs = List.copyOf(jobs);
        }
    }

    /** Where the backups must be stored (procedure step 5). */
    public record Storage(String repository, String path, double minFreeGb) {
    }

    /** Who is told what, and in which language ({@code es} or {@code en}). */
    public record Notify(String director, List<String> technicians, String language) {
        public Notify {
            technicians = List.copyOf(technicians);
        }
    }

    public record Retry(int attempts, Duration delay) {
    }

    /**
     * What becomes of a fire that Quartz could not deliver in time (Respaldo was down, for instance):
     * {@code RUN} runs it once, late, if its window is still open (else it is recorded MISSED);
     * {@code SKIP} always records it MISSED. Either way the Director is told.
     */
    public enum Misfire {
        RUN, SKIP
    }

    /** What a fire does while the previous run of the same schedule is still active. */
    public enum Overlap {
        SKIP, QUEUE
    }

    /** Whether a local date-time is within validity and outside every blackout. */
    public boolean allows(LocalDateTime localTime) {
        LocalDate date = localTime.toLocalDate();
        if (validFrom != null && date.isBefore(validFrom)) {
            return false;
        }
        if (validUntil != null && date.isAfter(validUntil)) {
            return false;
        }
        for (Blackout b : blackouts) {
            if (b.covers(localTime)) {
                return false;
            }
        }
        return true;
    }
}
