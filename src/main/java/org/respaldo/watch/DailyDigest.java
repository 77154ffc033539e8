package org.respaldo.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.Run;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.store.Jdbc;
import org.respaldo.store.Once;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily digest (route {@code daily-digest}, looked at every {@code respaldo.digest.check}): at
 * {@code respaldo.digest.time} in {@code respaldo.default-timezone}, one mail (event {@code digest}) with
 * the last 24 hours of runs, the failures, skips and missed fires, the RPO breaches, the next 24 hours
 * of fires, each repository's free space against a week ago, and the mails the outbox gave up on.
 *
 * <p>Exactly once per day: the mail is written in the transaction that takes {@code digest:<date>} in
 * {@code ops_once}, so another node, a second look or a restart finds the key taken. A day is not caught
 * up: a look more than {@code tolerance} (respaldo.schedule.misfire-threshold) after the digest time that
 * finds no digest for the day logs that the day is skipped and sends nothing.
 */
public final class DailyDigest {

    private static final Logger LOG = LoggerFactory.getLogger(DailyDigest.class);
    static final int MAX_UNDELIVERED = 100;
    static final int MAX_FIRES_PER_SCHEDULE = 100;

    /** When, to whom and in which language. An empty recipient list: every schedule's Director. */
    public record Settings(LocalTime time, ZoneId zone, List<String> recipients, String language, Duration tolerance) {
        public Settings {
            recipients = List.copyOf(recipients);
        }
    }

    /** What one look did. */
    public enum Outcome {
        /** Before the day's digest time. */
        NOT_YET,
        /** This look wrote the day's digest. */
        SENT,
        /** The day's digest was written already (here, on another node or before a restart). */
        ALREADY_DONE,
        /** Too late for the day's digest (the node was down at the digest time): the day is skipped. */
        SKIPPED,
        /** Nobody to send it to (no schedule, no respaldo.digest.recipients). */
        NO_RECIPIENTS
    }

    private final Settings settings;
    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final WatchStore store;
    private final RpoWatch watch;
    private final VeeamServers veeam;
    private final WatchMails mails;
    private final DataSource dataSource;
    private final Once once;
    private final String node;
    private final Clock clock;
    /** The last day this node has settled (sent, found done, or skipped): later looks that day cost nothing. */
    private volatile LocalDate settled;
    private volatile Outcome settledAs;

    public DailyDigest(Settings settings, ScheduleRegistry registry, RunStore runs, WatchStore store, RpoWatch watch, VeeamServers veeam,
            WatchMails mails, DataSource dataSource, String node, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.runs = runs;
        this.store = store;
        this.watch = watch;
        this.veeam = veeam;
        this.mails = mails;
        this.dataSource = dataSource;
        this.once = new Once(dataSource, node);
        this.node = node;
        this.clock = clock;
    }

    /** Route {@code daily-digest}: one look now. */
    public Outcome tick() {
        return tick(clock.instant());
    }

    /** The latest digest time at or before {@code now}. */
    Instant dueAt(Instant now) {
        ZonedDateTime local = now.atZone(settings.zone());
        Instant today = local.toLocalDate().atTime(settings.time()).atZone(settings.zone()).toInstant();
        return today.isAfter(now) ? local.toLocalDate().minusDays(1).atTime(settings.time()).atZone(settings.zone()).toInstant()
                : today;
    }

    public synchronized Outcome tick(Instant now) {
        Instant due = dueAt(now);
        LocalDate day = due.atZone(settings.zone()).toLocalDate();
        if (day.equals(settled)) {
            // settled: today's is done (or skipped), or today's time has not come yet (the day settled was yesterday)
            return !day.equals(now.atZone(settings.zone()).toLocalDate()) ? Outcome.NOT_YET
                    : settledAs == Outcome.SENT ? Outcome.ALREADY_DONE : settledAs;
        }
        String key = "digest:" + day;
        if (once.doneAt(key).isPresent()) {
            return settle(day, Outcome.ALREADY_DONE);
        }
        if (now.isAfter(due.plus(settings.tolerance()))) {
            LOG.warn("Resumen diario del {} omitido / the daily digest of {} is skipped: it was due at {} ({}) and it is now {}, more than"
                        + " {} late (Respaldo was not running then); skipped days are not caught up.", day, day, settings.time(),
                    settings.zone(), now.atZone(settings.zone()).toLocalDateTime().withNano(0), settings.tolerance());
            return settle(day, Outcome.SKIPPED);
        }
        List<String> to = recipients();
        if (to.isEmpty()) {
            LOG.info("Resumen diario del {} / daily digest of {}: nobody to send it to (no schedule and no respaldo.digest.recipients)",
                    day, day);
            return settle(day, Outcome.NO_RECIPIENTS);
        }
        WatchMails.Digest digest = collect(day, now);
        Mail mail = mails.digest(digest, to, settings.language());
        List<WatchStore.RepositorySpace> seen = digest.repositories().stream().filter(r -> r.error() == null)
                .map(r -> new WatchStore.RepositorySpace(r.server(), r.repository(), r.freeGb(), r.capacityGb())).toList();
        boolean sent;
        Instant written = clock.instant();
        try {
            sent = new Jdbc(dataSource).inTransaction("the daily digest of " + day, c -> {
                if (!Once.claim(c, key, written, node, digest.runs().size() + " runs, " + digest.breaches().size() + " breaches")) {
                    return false;
                }
                Outbox.enqueue(c, mail, false, written);
                WatchStore.saveRepositories(c, day, seen, written);
                WatchStore.forgetBefore(c, day.minusDays(35));
                for (WatchStore.Undelivered u : digest.undelivered()) {
                    Once.claim(c, WatchStore.DIGEST_MAIL + u.id(), written, node, "reported in the digest of " + day);
                }
                return true;
            });
        } catch (Jdbc.DataException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            sent = false;
        }
        if (sent) {
            LOG.info("Resumen diario del {} / daily digest of {} written for {} ({} runs, {} breaches, {} undelivered mails)", day, day,
                    to, digest.runs().size(), digest.breaches().size(), digest.undelivered().size());
            return settle(day, Outcome.SENT);
        }
        return settle(day, Outcome.ALREADY_DONE);
    }

    private Outcome settle(LocalDate day, Outcome outcome) {
        settledAs = outcome;
        settled = day;
        return outcome;
    }

    private List<String> recipients() {
        if (!settings.recipients().isEmpty()) {
            return settings.recipients();
        }
        TreeSet<String> directors = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ActiveSchedule a : registry.active()) {
            directors.add(a.schedule().notification().director());
        }
        return new ArrayList<>(directors);
    }

    /** What the digest of {@code day}, written at {@code now}, says. */
    WatchMails.Digest collect(LocalDate day, Instant now) {
        Instant from = now.minus(Duration.ofDays(1));
        Map<String, ActiveSchedule> active = registry.active().stream()
                .collect(Collectors.toMap(ActiveSchedule::id, Function.identity(), (a, b) -> a));
        List<WatchMails.DigestRun> last = new ArrayList<>();
        int failures = 0;
        for (Run r : runs.list(new RunStore.Filter(null, null, null, null, from, now), 100_000, 0)) {
            ActiveSchedule a = active.get(r.scheduleId());
            String title = a != null ? a.schedule().title()
                    : r.target() != null && r.target().scheduleTitle() != null ? r.target().scheduleTitle() : r.scheduleId();
            boolean bad = r.result() == Run.Result.FAILED || r.result() == Run.Result.SKIPPED || r.result() == Run.Result.MISSED;
            // a failure's jobs carry its reasons (Veeam's message); the listed failures are few
            Run full = bad && ++failures <= WatchMails.MAX_LISTED ? runs.get(r.id()).orElse(r) : r;
            last.add(new WatchMails.DigestRun(r.scheduleId(), title, full));
        }
        last.sort(Comparator.comparing((WatchMails.DigestRun r) -> r.run().scheduledFireTime()));
        List<WatchMails.DigestFire> next = new ArrayList<>();
        Instant until = now.plus(Duration.ofDays(1));
        for (ActiveSchedule a : active.values()) {
            if (a.schedule().enabled()) {
                for (ZonedDateTime at : FireTimes.between(a.schedule(), now, until, MAX_FIRES_PER_SCHEDULE)) {
                    next.add(new WatchMails.DigestFire(at, a.id(), a.schedule().title()));
                }
            }
        }
        next.sort(Comparator.comparing((WatchMails.DigestFire f) -> f.at().toInstant()).thenComparing(WatchMails.DigestFire::scheduleId));
        return new WatchMails.Digest(day, settings.zone(), from, now, last, watch.breachesAt(now), next, repositories(day),
                store.unreportedFailedMails(MAX_UNDELIVERED));
    }

    /** Each configured server's repositories now, with what the digest of a week ago saw. */
    private List<WatchMails.DigestRepository> repositories(LocalDate day) {
        List<WatchMails.DigestRepository> out = new ArrayList<>();
        if (veeam == null) {
            return out;
        }
        List<WatchStore.RepositorySpace> weekAgo = store.repositoriesOn(day.minusDays(7));
        for (String alias : veeam.aliases()) {
            try {
                for (RepositoryState r : veeam.client(alias).repositories()) {
                    Double before = weekAgo.stream().filter(w -> w.server().equals(alias) && w.repository().equalsIgnoreCase(r.name()))
                            .map(WatchStore.RepositorySpace::freeGb).findFirst().orElse(null);
                    out.add(new WatchMails.DigestRepository(alias, r.name(), r.freeGB(), r.capacityGB(), before, null));
                }
            } catch (RuntimeException e) {
                LOG.warn("Resumen diario / daily digest: the repositories of Veeam server {} could not be read: {}", alias, e.getMessage());
                out.add(new WatchMails.DigestRepository(alias, null, null, null, null, String.valueOf(e.getMessage())));
            }
        }
        return out;
    }
}
