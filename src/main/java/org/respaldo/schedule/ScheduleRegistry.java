package org.respaldo.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules in force: their active versions in memory, backed by the store, each with
 * its trigger. Loaded at start-up; changed only by accepting a new version.
 */
public final class ScheduleRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRegistry.class);
    private static final ObjectMapper JSON = org.respaldo.json.Json.MAPPER;

    /** What accepting a valid file did. */
    public enum Outcome {
        ACCEPTED, UNCHANGED
    }

    /** The result of {@link #accept}: the outcome and the version now in force. */
    public record Acceptance(Outcome outcome, ActiveSchedule active) {
    }

    private final ScheduleStore store;
    private final ScheduleValidator validator;
    private final Clock clock;
    /** By id, kept in id order (the overlap check of every accepted file walks it: no copy, no sort). */
    private final ConcurrentSkipListMap<String, ActiveSchedule> active = new ConcurrentSkipListMap<>();
    /** Earlier versions that runs still use (a run keeps the version that fired it). */
    private final Map<String, Schedule> earlier = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schedule> eldest) {
            return size() > 256;
        }
    });
    private volatile ScheduleTriggers triggers;
    private volatile ScheduleNotices notices = ScheduleNotices.NONE;
    private volatile boolean loaded;

    public ScheduleRegistry(ScheduleStore store, ScheduleValidator validator, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.clock = clock;
    }

    /** The triggers (set once at wiring: they need the registry to list missed fire times). */
    public void triggers(ScheduleTriggers t) {
        this.triggers = t;
    }

    /** Who composes the acceptance mail (the mail room, wired later). */
    public void notices(ScheduleNotices n) {
        this.notices = n;
    }

    /**
     * Reads every stored schedule (in parallel: parsing dominates) and registers the triggers of
     * the enabled ones, logging progress for large installations.
     */
    public void load() {
        long started = System.nanoTime();
        List<ScheduleStore.Active> rows = store.activeVersions();
        long read = System.nanoTime();
        List<ActiveSchedule> restored = rows.parallelStream().map(ScheduleRegistry.this::restore)
                .filter(java.util.Objects::nonNull).toList();
        long parsed = System.nanoTime();
        Instant now = clock.instant();
        int total = restored.size();
        int step = Math.max(1, total / 10);
        int enabled = 0;
        int registered = 0;
        int expired = 0;
        int done = 0;
        // triggers live in Quartz's JDBC store: only those missing or of another version are registered
        // again (re-registering would lose the misfires Quartz finds at start)
        Map<String, String> signatures = store.triggerSignatures();
        java.util.Set<String> existing = triggers.registered();
        for (ActiveSchedule a : restored) {
            active.put(a.id(), a);
            boolean wanted = a.schedule().enabled();
            enabled += wanted ? 1 : 0;
            String signature = ScheduleTriggers.signature(a.schedule());
            boolean current = wanted ? existing.contains(a.id()) && signature.equals(signatures.get(a.id()))
                    : !existing.contains(a.id());
            if (current && wanted) {
                registeredSignatures.put(a.id(), signature);
            } else if (wanted && !existing.contains(a.id()) && FireTimes.next(a.schedule(), now, 1).isEmpty()) {
                expired++; // its last fire is behind it (Quartz removed the finished trigger): nothing to register
            } else if (!current) {
                try {
                    registerTrigger(a, now, true);
                    registered++;
                } catch (RuntimeException e) {
                    LOG.error("Schedule {} v{} has no trigger: {}. Drop a corrected file for it into the inbox.",
                            a.id(), a.version(), e.getMessage());
                }
            }
            done++;
            if (total >= 1000 && done % step == 0) {
                LOG.info("Loading schedules: {}/{} ({}%)", done, total, done * 100 / total);
            }
        }
        for (String orphan : existing) {
            if (!active.containsKey(orphan)) {
                triggers.unregister(orphan);
            }
        }
        loaded = true;
        long end = System.nanoTime();
        LOG.info("Loaded {} schedules ({} enabled, {} of them with no fire left; {} trigger(s) registered anew, the others kept by"
                + " Quartz) in {} ms (read {} ms, parse {} ms, triggers {} ms)", total, enabled, expired, registered, (end - started) / 1_000_000,
                (read - started) / 1_000_000, (parsed - read) / 1_000_000, (end - parsed) / 1_000_000);
        if (total < rows.size()) {
            LOG.error("{} stored schedule(s) could not be restored (see above)", rows.size() - total);
        }
    }

    /** @param mayHaveCalendar whether a blackout calendar of an earlier version may be left to remove */
    private void registerTrigger(ActiveSchedule a, Instant now, boolean mayHaveCalendar) {
        registeredSignatures.remove(a.id());
        // the trigger carries its signature (ScheduleStore.triggerSignatures reads it back)
        if (triggers.register(a, now, mayHaveCalendar)) {
            registeredSignatures.put(a.id(), ScheduleTriggers.signature(a.schedule()));
        }
    }

    /** A database shared with other nodes: what they accepted is read back ({@link #refresh}), decisions use the database. */
    private volatile boolean shared;
    /** Changes up to this moment (less a margin) have been read. */
    private volatile Instant refreshedUpTo;

    /** Several nodes share the database (a cluster). */
    public void shared(boolean value) {
        this.shared = value;
    }

    /**
     * Reads the versions other nodes accepted since the last look (a cluster's nodes all know every
     * schedule in force within one refresh). Returns how many schedules changed here.
     */
    public int refresh() {
        Instant from = refreshedUpTo == null ? clock.instant().minusSeconds(5) : refreshedUpTo;
        Instant now = clock.instant();
        int changed = 0;
        for (ScheduleStore.Changed c : store.changedSince(from.minusSeconds(2))) {
            ScheduleStore.Version v = c.version();
            ActiveSchedule mine = active.get(v.scheduleId());
            if (mine != null && mine.version() >= v.version()) {
                continue;
            }
            ActiveSchedule a = restore(new ScheduleStore.Active(v, true));
            if (a != null) {
                active.put(a.id(), a);
                if (c.triggerSignature() != null) {
                    registeredSignatures.put(a.id(), c.triggerSignature());
                } else {
                    registeredSignatures.remove(a.id());
                }
                changed++;
                LOG.info("Schedule {} v{} accepted on another node is in force here", a.id(), a.version());
            }
        }
        refreshedUpTo = now;
        return changed;
    }

    /** What the trigger of each schedule that has one was registered for. */
    private final Map<String, String> registeredSignatures = new java.util.concurrent.ConcurrentHashMap<>();

    /** The version in force of a schedule, or null (in a cluster: as the database has it, whoever accepted it). */
    public Integer activeVersion(String id) {
        if (shared) {
            Integer v = store.activeVersion(id);
            if (v != null) {
                return v;
            }
        }
        ActiveSchedule a = active.get(id);
        return a == null ? null : a.version();
    }

    private ActiveSchedule restore(ScheduleStore.Active row) {
        ScheduleStore.Version v = row.version();
        try {
            Schedule s = validator.restore(JSON.readTree(v.content()));
            return new ActiveSchedule(s, v.version(), v.acceptedAt(), v.sourceFile(), v.sha256());
        } catch (Exception e) {
            LOG.error("Schedule {} v{} could not be restored and has no trigger: {}. Drop a corrected file for it into the inbox.",
                    v.scheduleId(), v.version(), e.getMessage());
            return null;
        }
    }

    public boolean isLoaded() {
        return loaded;
    }

    /**
     * Makes a validated schedule the active version of its id (a new version), registering its
     * trigger. A byte-identical re-drop of the active version changes nothing.
     */
    public Acceptance accept(Schedule schedule, String sha256, String sourceFile, String archivedFile) {
        return accept(schedule, sha256, sourceFile, archivedFile, List.of());
    }

    /**
     * Makes a validated schedule the active version of its id (a new version), with its acceptance
     * mail (naming {@code warnings}) in the same transaction, then registers its trigger. A
     * byte-identical re-drop of the active version changes nothing.
     */
    public Acceptance accept(Schedule schedule, String sha256, String sourceFile, String archivedFile, List<String> warnings) {
        // versions of one schedule one at a time; different schedules side by side
        synchronized (STRIPES[Math.floorMod(schedule.id().hashCode(), STRIPES.length)]) {
            return acceptOne(schedule, sha256, sourceFile, archivedFile, warnings);
        }
    }

    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    private Acceptance acceptOne(Schedule schedule, String sha256, String sourceFile, String archivedFile, List<String> warnings) {
        ActiveSchedule current = current(schedule.id());
        if (current != null && current.sha256().equals(sha256)) {
            return new Acceptance(Outcome.UNCHANGED, current);
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String content = ScheduleJson.toJson(schedule).toString();
        java.time.ZonedDateTime next = schedule.enabled() ? FireTimes.next(schedule, now, 1).stream().findFirst().orElse(null) : null;
        int version = store.accept(schedule.id(), schedule.enabled(), now, schedule.owner(), sha256, sourceFile,
                archivedFile, content, (c, v) -> {
                    var mail = notices.accepted(new ActiveSchedule(schedule, v, now, sourceFile, sha256), warnings, next);
                    if (mail.isPresent()) {
                        org.respaldo.outbox.Outbox.enqueue(c, mail.get(), false, now);
                    }
                });
        ActiveSchedule accepted = new ActiveSchedule(schedule, version, now, sourceFile, sha256);
        active.put(schedule.id(), accepted);
        String registeredFor = shared ? store.triggerSignature(schedule.id()) : registeredSignatures.get(schedule.id());
        if (schedule.enabled() && ScheduleTriggers.signature(schedule).equals(registeredFor)) {
            // it fires at the same times: the trigger stays (a fire belongs to the version in force)
            return new Acceptance(Outcome.ACCEPTED, accepted);
        }
        try {
            // only a version in force with blackouts (or none known) can have left a calendar behind
            registerTrigger(accepted, now, current == null || !current.schedule().blackouts().isEmpty());
        } catch (RuntimeException e) {
            LOG.error("Schedule {} v{} is stored but its trigger could not be registered: {}. It is registered again at the next"
                    + " start; drop the file again to retry now.", schedule.id(), version, e.getMessage());
        }
        return new Acceptance(Outcome.ACCEPTED, accepted);
    }

    /** A version of a schedule: the active one, or an earlier one a run still uses. Null when unknown. */
    public Schedule version(String id, int version) {
        ActiveSchedule a = active.get(id);
        if (a != null && a.version() == version) {
            return a.schedule();
        }
        String key = id + "\u0000" + version;
        Schedule cached = earlier.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<ScheduleStore.Version> stored = store.version(id, version);
        if (stored.isEmpty()) {
            return null;
        }
        try {
            Schedule s = validator.restore(JSON.readTree(stored.get().content()));
            earlier.put(key, s);
            return s;
        } catch (Exception e) {
            LOG.error("Schedule {} v{} could not be read back: {}", id, version, e.getMessage());
            return null;
        }
    }

    /** The version in force of a schedule; in a cluster read from the database, so a version another node just accepted counts at once. */
    public Optional<ActiveSchedule> get(String id) {
        return Optional.ofNullable(current(id));
    }

    private ActiveSchedule current(String id) {
        ActiveSchedule mine = active.get(id);
        if (!shared) {
            return mine;
        }
        Integer v = store.activeVersion(id);
        if (v == null || mine != null && mine.version() >= v) {
            return mine;
        }
        Optional<ScheduleStore.Version> stored = store.version(id, v);
        ActiveSchedule fresh = stored.map(s -> restore(new ScheduleStore.Active(s, true))).orElse(null);
        if (fresh == null) {
            return mine;
        }
        active.put(id, fresh);
        String signature = store.triggerSignature(id);
        if (signature != null) {
            registeredSignatures.put(id, signature);
        }
        return fresh;
    }

    /** Every active schedule, by id (a copy). */
    public List<ActiveSchedule> all() {
        return new ArrayList<>(active.values());
    }

    /** Every active schedule, by id: a live, read-only view (no copy). */
    public java.util.Collection<ActiveSchedule> active() {
        return java.util.Collections.unmodifiableCollection(active.values());
    }

    public int size() {
        return active.size();
    }

    public List<ScheduleStore.Version> history(String id) {
        return store.history(id);
    }

    public ScheduleTriggers triggers() {
        return triggers;
    }

}
