package org.respaldo.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.Run;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleTriggers;
import org.respaldo.store.Jdbc;
import org.respaldo.store.Once;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "No recent backup" (route {@code rpo-watch}, every {@code respaldo.watch.rpo-check}): every enabled
 * schedule whose last good run (SUCCESS or WARNING) is older than its rpo ({@link Rpo}) gets ONE mail
 * «SIN RESPALDO RECIENTE» (event {@code stale}), and one more when a good run ends the breach (event
 * {@code recovered}). Every node checks (each knows the current breaches, {@link #breaches()}); the
 * mail goes once per cluster: it is written to the outbox in the transaction that takes its key in
 * {@code ops_once} ({@code stale:<schedule>:<basis>}, {@code recovered:<schedule>:<basis>}, the basis being
 * {@code run:<last good run id>} or {@code accepted:<first acceptance>}), so a crash between the two
 * leaves neither, and a second check, node or restart finds the key taken.
 */
public final class RpoWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RpoWatch.class);
    private static final int MAX_RUNS = 101;

    /** One schedule as the watch sees it at one moment. */
    public record Watched(ActiveSchedule active, WatchStore.Good lastGood, Instant acceptedAt, Rpo.Status status) {

        /** The key of this breach's mails (after {@code stale:} / {@code recovered:} and the schedule id). */
        String basisKey() {
            return lastGood != null ? "run:" + lastGood.runId() : "accepted:" + acceptedAt;
        }
    }

    /** What one check did. */
    public record Outcome(int watched, int breached, int staleSent, int recoveredSent) {
    }

    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final WatchStore store;
    private final WatchMails mails;
    private final DataSource dataSource;
    private final String node;
    private final Clock clock;
    /** The default rpo (twice the longest gap) by trigger signature: the gap is costly to compute and rarely changes. */
    private final Map<String, Optional<Duration>> defaults = new ConcurrentHashMap<>();
    private volatile Map<String, Boolean> breaches = Map.of();

    public RpoWatch(ScheduleRegistry registry, RunStore runs, WatchStore store, WatchMails mails, DataSource dataSource, String node,
            Clock clock) {
        this.registry = registry;
        this.runs = runs;
        this.store = store;
        this.mails = mails;
        this.dataSource = dataSource;
        this.node = node;
        this.clock = clock;
    }

    /** The current breaches as of the last check: schedule id → breached, for every watched schedule (sorted by id). */
    public Map<String, Boolean> breaches() {
        return breaches;
    }

    /** Route {@code rpo-watch}: one check now. */
    public Outcome check() {
        return check(clock.instant());
    }

    /** Evaluates every enabled schedule at {@code now}, without mail. */
    public List<Watched> evaluate(Instant now) {
        Map<String, WatchStore.Good> good = store.lastGoodRuns();
        Map<String, Instant> accepted = store.firstAccepted();
        List<Watched> out = new ArrayList<>();
        for (ActiveSchedule a : registry.active()) {
            Schedule s = a.schedule();
            WatchStore.Good g = good.get(a.id());
            Instant acceptedAt = accepted.getOrDefault(a.id(), a.acceptedAt());
            out.add(new Watched(a, g, acceptedAt, Rpo.evaluate(s, rpo(s, now), g == null ? null : g.at(), acceptedAt, now)));
        }
        return out;
    }

    /** One check at {@code now}: the breaches, and the stale and recovered mails that are due. */
    public synchronized Outcome check(Instant now) {
        List<Watched> all = evaluate(now);
        Map<String, List<String>> open = store.openBreaches();
        Map<String, Boolean> current = new TreeMap<>();
        int watched = 0;
        int breached = 0;
        int stale = 0;
        int recovered = 0;
        for (Watched w : all) {
            String id = w.active().id();
            try {
                String basis = w.basisKey();
                List<String> openHere = open.getOrDefault(id, List.of());
                if (w.lastGood() != null) {
                    // a breach whose basis is no longer the last good run was ended by a good run
                    for (String earlier : openHere) {
                        if (!earlier.equals(basis) && recovered(w, earlier, now)) {
                            recovered++;
                        }
                    }
                }
                if (w.status().watched()) {
                    watched++;
                    current.put(id, w.status().breached());
                }
                if (w.status().breached()) {
                    breached++;
                    if (!openHere.contains(basis) && stale(w, basis, now)) {
                        stale++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("La vigilancia de RPO de {} falló / the RPO check of schedule {} failed: {}. Trying again at the next check.",
                        id, id, e.getMessage());
            }
        }
        breaches = Collections.unmodifiableMap(current);
        return new Outcome(watched, breached, stale, recovered);
    }

    private Duration rpo(Schedule s, Instant now) {
        if (s.rpo() != null) {
            return s.rpo();
        }
        if (defaults.size() > 50_000) {
            defaults.clear();
        }
        return defaults.computeIfAbsent(ScheduleTriggers.signature(s), k -> Rpo.of(s, now)).orElse(null);
    }

    private boolean stale(Watched w, String basis, Instant now) {
        Schedule s = w.active().schedule();
        Run lastGood = w.lastGood() == null ? null : runs.get(w.lastGood().runId()).orElse(null);
        Instant from = lastGood != null ? lastGood.scheduledFireTime() : w.acceptedAt();
        List<Run> since = runsBetween(s.id(), from, null, lastGood == null ? null : lastGood.id());
        Mail mail = mails.stale(s, w.status(), lastGood, w.acceptedAt(), since, now);
        boolean sent = once("stale:" + s.id() + ":" + basis, mail, now, "no good run since " + w.status().basis());
        if (sent) {
            LOG.warn("Sin respaldo reciente / no recent backup: schedule {} has had no good run since {} (rpo {}); the Director and"
                    + " technicians are told", s.id(), w.status().basis(), w.status().rpo());
        }
        return sent;
    }

    private boolean recovered(Watched w, String earlier, Instant now) {
        Schedule s = w.active().schedule();
        Run good = runs.get(w.lastGood().runId()).orElse(null);
        if (good == null) {
            return false;
        }
        Instant breachBasis;
        String previousId = null;
        if (earlier.startsWith("run:")) {
            previousId = earlier.substring(4);
            Run previous = runs.get(previousId).orElse(null);
            breachBasis = previous == null ? w.acceptedAt()
                    : previous.startedAt() != null ? previous.startedAt() : previous.scheduledFireTime();
        } else {
            breachBasis = Instant.parse(earlier.substring("accepted:".length()));
        }
        List<Run> between = runsBetween(s.id(), breachBasis, good.scheduledFireTime(), previousId).stream()
                .filter(r -> !r.id().equals(good.id())).toList();
        Mail mail = mails.recovered(s, good, breachBasis, between, now);
        boolean sent = once("recovered:" + s.id() + ":" + earlier, mail, now, "good run " + good.id());
        if (sent) {
            LOG.info("Respaldo restablecido / backup recovered: schedule {} has a good run again ({})", s.id(), good.id());
        }
        return sent;
    }

    /** The runs of a schedule fired from {@code from} (inclusive) to {@code to} (exclusive, null: now), oldest first. */
    private List<Run> runsBetween(String scheduleId, Instant from, Instant to, String excludeId) {
        List<Run> list = new ArrayList<>(runs.list(new RunStore.Filter(scheduleId, null, null, null, from, to), MAX_RUNS, 0));
        list.removeIf(r -> r.id().equals(excludeId));
        // with stages and jobs: a failed job's message is the reason the Director needs
        list.replaceAll(r -> runs.get(r.id()).orElse(r));
        list.sort(Comparator.comparing(Run::scheduledFireTime).thenComparing(Run::queuedAt));
        return list;
    }

    /**
     * Takes the key and writes the mail in one transaction; false when another check, node or restart took
     * it. The rows carry the clock's time (the mail is due now), whatever moment the check evaluated.
     */
    private boolean once(String key, Mail mail, Instant evaluatedAt, String detail) {
        Instant now = clock.instant();
        try {
            return new Jdbc(dataSource).inTransaction("the RPO watch's mail " + key, c -> {
                if (!Once.claim(c, key, now, node, detail)) {
                    return false;
                }
                Outbox.enqueue(c, mail, false, now);
                return true;
            });
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** For the digest: the breached schedules at {@code now}, with titles, by id. */
    public List<WatchMails.DigestBreach> breachesAt(Instant now) {
        Map<String, WatchMails.DigestBreach> out = new TreeMap<>();
        for (Watched w : evaluate(now)) {
            if (w.status().breached()) {
                out.put(w.active().id(), new WatchMails.DigestBreach(w.active().id(), w.active().schedule().title(),
                        w.status().since(), w.lastGood() == null ? null : w.lastGood().at(), w.status().rpo()));
            }
        }
        return new ArrayList<>(out.values());
    }
}
