package org.respaldo.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What accepting a valid file did. */
    public enum Outcome {
        ACCEPTED, UNCHANGED
    }

    /** The result of {@link #accept}: the outcome and the version now in force. */
    public record Acceptance(Outcome outcome, ActiveSchedule active) {
    }

    private final ScheduleStore store;
    private final ScheduleValidator validator;
    private final ScheduleTriggers triggers;
    private final Clock clock;
    /** By id, kept in id order (the overlap check of every accepted file walks it: no copy, no sort). */
    private final ConcurrentSkipListMap<String, ActiveSchedule> active = new ConcurrentSkipListMap<>();
    private volatile boolean loaded;

    public ScheduleRegistry(ScheduleStore store, ScheduleValidator validator, ScheduleTriggers triggers, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.triggers = triggers;
        this.clock = clock;
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
        int done = 0;
        for (ActiveSchedule a : restored) {
            active.put(a.id(), a);
            try {
                triggers.register(a, now);
                enabled += a.schedule().enabled() ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.error("Schedule {} v{} has no trigger: {}. Drop a corrected file for it into the inbox.",
                        a.id(), a.version(), e.getMessage());
            }
            done++;
            if (total >= 1000 && done % step == 0) {
                LOG.info("Loading schedules: {}/{} ({}%)", done, total, done * 100 / total);
            }
        }
        loaded = true;
        long end = System.nanoTime();
        LOG.info("Loaded {} schedules ({} enabled with a trigger) in {} ms (read {} ms, parse {} ms, triggers {} ms)",
                total, enabled, (end - started) / 1_000_000, (read - started) / 1_000_000, (parsed - read) / 1_000_000,
                (end - parsed) / 1_000_000);
        if (total < rows.size()) {
            LOG.error("{} stored schedule(s) could not be restored (see above)", rows.size() - total);
        }
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
        // versions of one schedule one at a time; different schedules side by side
        synchronized (STRIPES[Math.floorMod(schedule.id().hashCode(), STRIPES.length)]) {
            return acceptOne(schedule, sha256, sourceFile, archivedFile);
        }
    }

    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    private Acceptance acceptOne(Schedule schedule, String sha256, String sourceFile, String archivedFile) {
        ActiveSchedule current = active.get(schedule.id());
        if (current != null && current.sha256().equals(sha256)) {
            return new Acceptance(Outcome.UNCHANGED, current);
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String content = ScheduleJson.toJson(schedule).toString();
        int version = store.accept(schedule.id(), schedule.enabled(), now, schedule.owner(), sha256, sourceFile,
                archivedFile, content);
        ActiveSchedule next = new ActiveSchedule(schedule, version, now, sourceFile, sha256);
        triggers.register(next, now);
        active.put(schedule.id(), next);
        return new Acceptance(Outcome.ACCEPTED, next);
    }

    public Optional<ActiveSchedule> get(String id) {
        return Optional.ofNullable(active.get(id));
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

    /**
     * Records a fire; returns it when it is the first time this fire time is seen, null when
     * it was recorded before (it must not run twice).
     */
    public Fire recordFire(Fire fire) {
        if (store.recordFire(fire.scheduleId(), fire.scheduleVersion(), fire.scheduledFireTime(), fire.actualFireTime())) {
            LOG.info("Schedule {} v{} fired (scheduled {}, actual {})", fire.scheduleId(), fire.scheduleVersion(),
                    fire.scheduledFireTime(), fire.actualFireTime());
            return fire;
        }
        LOG.warn("Schedule {} fire time {} was already recorded; not running it again", fire.scheduleId(),
                fire.scheduledFireTime());
        return null;
    }
}
