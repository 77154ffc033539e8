package org.respaldo.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.quartz.CronExpression;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.Schedule;

/**
 * "¿Por qué no se ejecutó?": for a schedule and a range, every fire time that was expected and what became of it, with
 * its evidence. A pure function of the schedule's versions (each in force from its acceptance to the next one's), its
 * runs, the nodes known (when each started, when it last checked in) and the moment of the question.
 *
 * <p>A fire time is a time of the cron of the version in force then, in that version's zone (the same Quartz
 * expression the trigger uses, so a clock change is what Quartz does). Its fate: it ran (the run with that scheduled
 * fire time, trigger schedule or missed), was skipped (the run's reasons), missed (a MISSED run), is in progress;
 * or, without a run: the version in force was disabled, the day was outside its validity, a blackout covered it, it
 * is still ahead, it is just due, or nothing recorded it — Respaldo was down (no node known was up then) or no
 * record is there. Runs by hand or reruns are listed apart; a run of the trigger at a time that is not a fire time of
 * the version in force is listed too, as unexpected.
 */
public final class FireFates {

    /** At most this many fire times in one answer (the rest is cut, {@link Explanation#truncated}). */
    public static final int MAX_FIRES = 2000;

    private FireFates() {
    }

    /** A version of the schedule and when it was accepted (it is in force from then to the next one's acceptance). */
    public record Version(int version, Instant acceptedAt, Schedule schedule) {
    }

    /** A node of Respaldo: when its process started and when it last checked in. */
    public record Node(String name, Instant startedAt, Instant lastCheckin) {
    }

    /** What became of an expected fire. */
    public enum Fate {
        /** A run concluded or ended SUCCESS, WARNING or FAILED. */
        RAN,
        /** Its run has no result yet. */
        IN_PROGRESS,
        /** Its run was SKIPPED (its reasons say why: availability, overlap...). */
        SKIPPED,
        /** Its run was MISSED: Respaldo could not fire it on time. */
        MISSED,
        /** No run, and no node known was up at that time. */
        DOWN,
        /** No run, and nothing says why. */
        NO_RECORD,
        /** A blackout of the version in force covered it. */
        BLACKOUT,
        /** Outside the version's validFrom / validUntil. */
        OUTSIDE_VALIDITY,
        /** The version in force then had enabled: false. */
        DISABLED,
        /** Still ahead. */
        PLANNED,
        /** Due a moment ago; its run is about to be recorded. */
        DUE
    }

    /** A piece of evidence, in both languages. */
    public record Evidence(String es, String en) {
    }

    /**
     * A fire time and its fate. {@code expected}: a fire time of the version in force ({@code false}: a run of the
     * trigger at another time). {@code run}: its run, if any. {@code firstOfVersion}: the first fire of a version
     * that came into force inside the range.
     */
    public record Fire(Instant at, LocalDateTime local, String zone, int version, boolean expected, Fate fate, Run run,
            List<Evidence> evidence, boolean firstOfVersion) {
        public Fire {
            evidence = List.copyOf(evidence);
        }
    }

    /** A version that came into force inside the range, and what it changed of the firing. */
    public record Change(Instant at, int from, int to, List<Evidence> changed) {
        public Change {
            changed = List.copyOf(changed);
        }
    }

    /**
     * The answer: the fire times in order, the version changes in the range, the runs by hand and reruns, whether
     * the list was cut at {@link #MAX_FIRES}, and when the schedule was first registered (null: no version).
     */
    public record Explanation(List<Fire> fires, List<Change> changes, List<Run> others, boolean truncated, Instant registeredAt) {
        public Explanation {
            fires = List.copyOf(fires);
            changes = List.copyOf(changes);
            others = List.copyOf(others);
        }
    }

    /**
     * @param versions the schedule's versions (any order)
     * @param runs its runs whose scheduled fire time lies in the range (any order)
     * @param nodes the nodes known
     * @param from the range's start (included)
     * @param to the range's end (excluded)
     * @param now the moment of the question
     * @param grace how long after its time a fire without a run is only "due" (the misfire threshold and a little)
     */
    public static Explanation explain(List<Version> versions, List<Run> runs, List<Node> nodes, Instant from, Instant to,
            Instant now, Duration grace) {
        List<Version> vs = new ArrayList<>(versions);
        vs.sort(Comparator.comparingInt(Version::version));
        Map<Instant, Run> byTime = new LinkedHashMap<>();
        List<Run> others = new ArrayList<>();
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::scheduledFireTime).thenComparing(r -> r.queuedAt() == null ? Instant.MIN : r.queuedAt()));
        for (Run r : sorted) {
            if (r.trigger() == Run.Trigger.SCHEDULE || r.trigger() == Run.Trigger.MISSED) {
                byTime.put(millis(r.scheduledFireTime()), r); // one fire time is one run (the fire's primary key)
            } else {
                others.add(r);
            }
        }
        List<Fire> fires = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        boolean truncated = false;
        for (int i = 0; i < vs.size() && !truncated; i++) {
            Version v = vs.get(i);
            Instant inForceUntil = i + 1 < vs.size() ? vs.get(i + 1).acceptedAt() : null;
            Instant start = v.acceptedAt().isAfter(from) ? v.acceptedAt() : from;
            Instant end = inForceUntil != null && inForceUntil.isBefore(to) ? inForceUntil : to;
            if (i > 0 && !v.acceptedAt().isBefore(from) && v.acceptedAt().isBefore(to)) {
                changes.add(new Change(v.acceptedAt(), vs.get(i - 1).version(), v.version(), changed(vs.get(i - 1).schedule(),
                        v.schedule())));
            }
            if (!start.isBefore(end)) {
                continue;
            }
            boolean first = i > 0 && !v.acceptedAt().isBefore(from);
            CronExpression cron = FireTimes.cron(v.schedule());
            Date next = cron.getNextValidTimeAfter(Date.from(start.minusMillis(1)));
            while (next != null && next.toInstant().isBefore(end)) {
                if (fires.size() >= MAX_FIRES) {
                    truncated = true;
                    break;
                }
                Instant t = next.toInstant();
                fires.add(fate(v, t, byTime.remove(t), nodes, now, grace, first));
                first = false;
                next = cron.getNextValidTimeAfter(next);
            }
        }
        // runs of the trigger at a time that is no fire time of the version in force (or of a version we do not have)
        for (Run r : byTime.values()) {
            if (fires.size() >= MAX_FIRES) {
                truncated = true;
                break;
            }
            Version v = inForce(vs, r.scheduledFireTime());
            Schedule s = v == null ? null : v.schedule();
            List<Evidence> ev = new ArrayList<>(runEvidence(r, v == null ? r.scheduleVersion() : v.version(), s));
            ev.add(0, new Evidence("el disparador la registró a una hora que no es de la expresión cron de la versión en vigor"
                    + (v == null ? "" : " (" + v.version() + ": " + s.cron() + ")"),
                    "the trigger recorded it at a time that is not one of the cron of the version in force"
                            + (v == null ? "" : " (" + v.version() + ": " + s.cron() + ")")));
            java.time.ZoneId z = s == null ? java.time.ZoneOffset.UTC : s.timezone();
            fires.add(new Fire(r.scheduledFireTime(), LocalDateTime.ofInstant(r.scheduledFireTime(), z), z.getId(),
                    v == null ? r.scheduleVersion() : v.version(), false, runFate(r), r, ev, false));
        }
        fires.sort(Comparator.comparing(Fire::at));
        others.sort(Comparator.comparing(Run::scheduledFireTime));
        return new Explanation(fires, changes, others, truncated, vs.isEmpty() ? null : vs.get(0).acceptedAt());
    }

    private static Fire fate(Version v, Instant t, Run run, List<Node> nodes, Instant now, Duration grace, boolean first) {
        Schedule s = v.schedule();
        ZonedDateTime at = t.atZone(s.timezone());
        LocalDateTime local = at.toLocalDateTime();
        List<Evidence> ev = new ArrayList<>();
        Fate fate;
        if (run != null) {
            fate = runFate(run);
            ev.addAll(runEvidence(run, v.version(), s));
        } else if (!s.enabled()) {
            fate = Fate.DISABLED;
            ev.add(new Evidence("la versión " + v.version() + " en vigor entonces tiene enabled: false (sin disparador)",
                    "version " + v.version() + ", in force then, has enabled: false (no trigger)"));
        } else if (s.validFrom() != null && local.toLocalDate().isBefore(s.validFrom())) {
            fate = Fate.OUTSIDE_VALIDITY;
            ev.add(new Evidence("antes de validFrom " + s.validFrom() + " (versión " + v.version() + ")",
                    "before validFrom " + s.validFrom() + " (version " + v.version() + ")"));
        } else if (s.validUntil() != null && local.toLocalDate().isAfter(s.validUntil())) {
            fate = Fate.OUTSIDE_VALIDITY;
            ev.add(new Evidence("después de validUntil " + s.validUntil() + " (versión " + v.version() + ")",
                    "after validUntil " + s.validUntil() + " (version " + v.version() + ")"));
        } else if (blackout(s, local) >= 0) {
            fate = Fate.BLACKOUT;
            int b = blackout(s, local);
            ev.add(new Evidence("blackouts[" + b + "]: " + describe(s.blackouts().get(b)) + " (versión " + v.version() + ")",
                    "blackouts[" + b + "]: " + describe(s.blackouts().get(b)) + " (version " + v.version() + ")"));
        } else if (t.isAfter(now)) {
            fate = Fate.PLANNED;
        } else if (!t.isBefore(now.minus(grace))) {
            fate = Fate.DUE;
        } else {
            List<Node> up = nodes.stream().filter(n -> n.startedAt() != null && !n.startedAt().isAfter(t)
                    && (n.lastCheckin() == null || !n.lastCheckin().isBefore(t))).toList();
            ev.add(new Evidence("ninguna ejecución registrada para este disparo (ni perdida)", "no run recorded for this fire"
                    + " (not even a missed one)"));
            if (!nodes.isEmpty() && up.isEmpty()) {
                fate = Fate.DOWN;
                for (Node n : nodes) {
                    ev.add(n.startedAt() != null && n.startedAt().isAfter(t)
                            ? new Evidence("el nodo " + n.name() + " arrancó después, " + local(n.startedAt(), s), "node " + n.name()
                                    + " started later, " + local(n.startedAt(), s))
                            : new Evidence("el nodo " + n.name() + " dejó de reportarse antes, " + local(n.lastCheckin(), s), "node "
                                    + n.name() + " had stopped checking in before, " + local(n.lastCheckin(), s)));
                }
            } else {
                fate = Fate.NO_RECORD;
                if (!up.isEmpty()) {
                    ev.add(new Evidence("el nodo " + up.get(0).name() + " estaba en marcha (desde " + local(up.get(0).startedAt(), s)
                            + ")", "node " + up.get(0).name() + " was up (since " + local(up.get(0).startedAt(), s) + ")"));
                }
            }
        }
        if (first) {
            ev.add(new Evidence("primer disparo de la versión " + v.version() + " (aceptada " + local(v.acceptedAt(), s) + ")",
                    "first fire of version " + v.version() + " (accepted " + local(v.acceptedAt(), s) + ")"));
        }
        return new Fire(t, local, s.timezone().getId(), v.version(), true, fate, run, ev, first);
    }

    static Fate runFate(Run r) {
        if (r.result() == null) {
            return Fate.IN_PROGRESS;
        }
        return switch (r.result()) {
            case SUCCESS, WARNING, FAILED -> Fate.RAN;
            case SKIPPED -> Fate.SKIPPED;
            case MISSED -> Fate.MISSED;
        };
    }

    private static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A moment in the schedule's zone, as the page shows times. */
    private static String local(Instant t, Schedule s) {
        return t == null ? "—" : LOCAL.format(t.atZone(s == null ? java.time.ZoneOffset.UTC : s.timezone()));
    }

    private static List<Evidence> runEvidence(Run r, int versionInForce, Schedule s) {
        List<Evidence> ev = new ArrayList<>();
        if (r.trigger() == Run.Trigger.MISSED) {
            ev.add(new Evidence("ejecutada tarde tras un disparo perdido (misfire: run), en cola " + local(r.queuedAt(), s),
                    "run late after a missed fire (misfire: run), queued " + local(r.queuedAt(), s)));
        }
        for (String reason : r.reasons()) {
            ev.add(new Evidence(reason, reason));
        }
        if (r.scheduleVersion() != versionInForce) {
            ev.add(new Evidence("la ejecución usó la versión " + r.scheduleVersion() + ", no la " + versionInForce,
                    "the run used version " + r.scheduleVersion() + ", not " + versionInForce));
        }
        return ev;
    }

    private static int blackout(Schedule s, LocalDateTime local) {
        for (int i = 0; i < s.blackouts().size(); i++) {
            if (s.blackouts().get(i).covers(local)) {
                return i;
            }
        }
        return -1;
    }

    /** A blackout as the schedule file writes it. */
    public static String describe(Schedule.Blackout b) {
        if (b instanceof Schedule.Blackout.Day d) {
            return d.date().toString();
        }
        Schedule.Blackout.Period p = (Schedule.Blackout.Period) b;
        return p.from() + " – " + p.to();
    }

    private static Version inForce(List<Version> vs, Instant t) {
        Version found = null;
        for (Version v : vs) {
            if (!v.acceptedAt().isAfter(t)) {
                found = v;
            }
        }
        return found;
    }

    /** What a new version changed of when the schedule fires. */
    static List<Evidence> changed(Schedule a, Schedule b) {
        List<Evidence> out = new ArrayList<>();
        if (a.enabled() != b.enabled()) {
            out.add(new Evidence(b.enabled() ? "habilitada (enabled: true)" : "deshabilitada (enabled: false)",
                    b.enabled() ? "enabled (enabled: true)" : "disabled (enabled: false)"));
        }
        diff(out, "cron", a.cron(), b.cron());
        diff(out, "timezone", a.timezone().getId(), b.timezone().getId());
        diff(out, "validFrom", a.validFrom(), b.validFrom());
        diff(out, "validUntil", a.validUntil(), b.validUntil());
        diff(out, "window", a.window().start() + "–" + a.window().end(), b.window().start() + "–" + b.window().end());
        diff(out, "blackouts", a.blackouts().stream().map(FireFates::describe).toList(), b.blackouts().stream()
                .map(FireFates::describe).toList());
        diff(out, "misfire", a.misfire(), b.misfire());
        diff(out, "overlap", a.overlap(), b.overlap());
        if (out.isEmpty()) {
            out.add(new Evidence("sin cambios en cuándo se dispara", "nothing changed of when it fires"));
        }
        return out;
    }

    private static void diff(List<Evidence> out, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            String text = field + ": " + (a == null ? "—" : a) + " → " + (b == null ? "—" : b);
            out.add(new Evidence(text, text));
        }
    }

    private static Instant millis(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli());
    }
}
