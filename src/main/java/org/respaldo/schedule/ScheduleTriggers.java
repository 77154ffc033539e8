package org.respaldo.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz cron trigger per enabled schedule, in the schedule's time zone, with its blackouts
 * as a Quartz calendar and its validity as the trigger's start and end. Quartz keeps them in its
 * JDBC JobStore (the same database), so they survive restarts; a new version replaces the old
 * trigger in one scheduler operation.
 *
 * <p>A fire hands a {@link Fire} to {@code onFire}. A fire Quartz could not deliver within its
 * misfire threshold (Respaldo was down, say) is not run by Quartz (misfire instruction "do
 * nothing"); instead every fire time it missed goes to {@code onMisfire}, which decides what
 * becomes of them.
 */
public final class ScheduleTriggers {

    static final String GROUP = "respaldo-schedules";
    static final String CONTEXT_KEY = "respaldo.schedule-triggers";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTriggers.class);

    /** The fire times of one schedule version that Quartz missed. */
    public record Missed(String scheduleId, int version, List<Instant> fireTimes) {
    }

    private final Consumer<Fire> onFire;
    private final Consumer<Missed> onMisfire;
    private final java.util.function.BiFunction<String, Integer, Schedule> versions;
    private final java.util.function.Function<String, Integer> active;
    private final Clock clock;
    private volatile Scheduler scheduler;

    /**
     * @param versions a schedule version by id and number (to list the fire times a misfire skipped)
     * @param active   the version in force of a schedule (null when unknown): a trigger serves every
     *                 version that fires at the same times, so a fire belongs to the version in force
     */
    public ScheduleTriggers(Consumer<Fire> onFire, Consumer<Missed> onMisfire,
            java.util.function.BiFunction<String, Integer, Schedule> versions, java.util.function.Function<String, Integer> active,
            Clock clock) {
        this.onFire = onFire;
        this.onMisfire = onMisfire;
        this.versions = versions;
        this.active = active;
        this.clock = clock;
    }

    /**
     * What a schedule's trigger depends on: when it fires (cron, zone, validity, blackouts). Two
     * versions with the same signature share one trigger; a new version that changes only its jobs,
     * its storage or its mails leaves the trigger as it is.
     */
    public static String signature(Schedule s) {
        String key = s.cron() + "|" + s.timezone().getId() + "|" + s.validFrom() + "|" + s.validUntil() + "|" + s.blackouts();
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A trigger's description: the schedule, its version and what the trigger was registered for
     * ({@link #signature}), read back by {@link ScheduleStore#triggerSignatures}.
     */
    static String description(String scheduleId, int version, String signature) {
        return scheduleId + " v" + version + SIGNATURE_MARK + signature;
    }

    /** The signature in a trigger's {@link #description}, or null (a trigger registered before it was kept there). */
    static String signatureIn(String description) {
        int at = description == null ? -1 : description.lastIndexOf(SIGNATURE_MARK);
        return at < 0 ? null : description.substring(at + SIGNATURE_MARK.length());
    }

    private static final String SIGNATURE_MARK = " fires-by ";

    private int inForce(String scheduleId, int triggerVersion) {
        Integer v = active.apply(scheduleId);
        return v == null ? triggerVersion : v;
    }

    /** Binds to the Quartz scheduler before it starts, so that the misfires it finds at start reach us. */
    public void attach(Scheduler scheduler) throws SchedulerException {
        scheduler.getContext().put(CONTEXT_KEY, this);
        scheduler.getListenerManager().addTriggerListener(new MisfireListener(),
                org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(GROUP));
        this.scheduler = scheduler;
    }

    /** The schedules that have a trigger now. */
    public Set<String> registered() {
        try {
            Set<String> ids = new java.util.HashSet<>();
            for (TriggerKey k : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
                ids.add(k.getName());
            }
            return ids;
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not list the schedules' triggers: " + e.getMessage(), e);
        }
    }

    /**
     * Registers (or replaces) the trigger of a schedule version; removes it when the schedule is
     * disabled. Returns whether a trigger is in place afterwards.
     */
    public boolean register(ActiveSchedule active, Instant now) {
        return register(active, now, true);
    }

    /**
     * As {@link #register(ActiveSchedule, Instant)}; {@code mayHaveCalendar} false says that no blackout
     * calendar of an earlier version can be left (the version it replaces had no blackouts), which saves a
     * look into Quartz's store per new version.
     */
    public boolean register(ActiveSchedule active, Instant now, boolean mayHaveCalendar) {
        Schedule s = active.schedule();
        if (stopped(s.id() + " v" + active.version(), "put in place")) {
            return false;
        }
        if (!s.enabled()) {
            unregister(s.id());
            return false;
        }
        try {
            String calendarName = s.blackouts().isEmpty() ? null : calendarName(s.id());
            if (calendarName != null) {
                scheduler.addCalendar(calendarName, new BlackoutCalendar(s), true, false);
            }
            Instant start = now;
            if (s.validFrom() != null) {
                Instant from = s.validFrom().atStartOfDay(s.timezone()).toInstant();
                start = from.isAfter(now) ? from : now;
            }
            TriggerBuilder<CronTrigger> tb = TriggerBuilder.newTrigger()
                    .withIdentity(triggerKey(s.id()))
                    .forJob(jobKey(s.id()))
                    .withDescription(description(s.id(), active.version(), signature(s)))
                    .withSchedule(CronScheduleBuilder.cronSchedule(s.cron())
                            .inTimeZone(java.util.TimeZone.getTimeZone(s.timezone()))
                            .withMisfireHandlingInstructionDoNothing())
                    .modifiedByCalendar(calendarName)
                    .usingJobData("version", String.valueOf(active.version()))
                    .startAt(Date.from(start));
            if (s.validUntil() != null) {
                tb.endAt(Date.from(s.validUntil().plusDays(1).atStartOfDay(s.timezone()).toInstant()));
            }
            CronTrigger trigger = tb.build();
            // requestRecovery: in a cluster, a fire whose node died before it was recorded runs again on another node
            // (the (schedule, fire time) key keeps it from running twice)
            JobDetail job = JobBuilder.newJob(FireJob.class).withIdentity(jobKey(s.id())).requestRecovery(true)
                    .usingJobData("scheduleId", s.id()).build();
            try {
                scheduler.scheduleJob(job, Set.of(trigger), true);
            } catch (SchedulerException e) {
                if (e.getMessage() != null && e.getMessage().contains("will never fire")) {
                    LOG.warn("Schedule {} v{} has no future fire time (validity over); no trigger registered",
                            s.id(), active.version());
                    unregister(s.id());
                    deleteCalendar(calendarName);
                    return false;
                }
                throw e;
            }
            if (calendarName == null && mayHaveCalendar) {
                deleteCalendar(calendarName(s.id()));
            }
            return true;
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not register the trigger of schedule " + s.id() + ": " + e.getMessage(), e);
        }
    }

    public void unregister(String scheduleId) {
        if (stopped(scheduleId, "removed")) {
            return;
        }
        try {
            scheduler.deleteJob(jobKey(scheduleId));
            deleteCalendar(calendarName(scheduleId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not remove the trigger of schedule " + scheduleId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether Quartz has stopped (Respaldo is stopping: Quartz goes first, see RespaldoConfiguration). A version stored
     * meanwhile, by a file or the console still being handled, gets its trigger put in place (or removed) at the next
     * start, where the stored versions and Quartz's triggers are compared.
     */
    private boolean stopped(String schedule, String what) {
        try {
            if (!scheduler.isShutdown()) {
                return false;
            }
        } catch (SchedulerException e) {
            return false; // the call that follows says what is wrong
        }
        LOG.info("Schedule {}: Respaldo is stopping and Quartz has stopped; its trigger is {} at the next start", schedule, what);
        return true;
    }

    /** The blackout calendar of a schedule (one per schedule, replaced with its trigger). */
    static String calendarName(String scheduleId) {
        return "blackouts-" + scheduleId;
    }

    private void deleteCalendar(String name) {
        try {
            if (scheduler.getCalendar(name) == null) {
                return; // the usual case (no blackouts): one look by key, no search of the triggers
            }
            scheduler.deleteCalendar(name);
        } catch (SchedulerException e) {
            LOG.debug("calendar {} not deleted: {}", name, e.getMessage());
        }
    }

    /** The next fire time Quartz has for a schedule, or null when it has no trigger. */
    public ZonedDateTime nextFireTime(Schedule s) {
        try {
            Trigger t = scheduler.getTrigger(triggerKey(s.id()));
            if (t == null || t.getNextFireTime() == null) {
                return null;
            }
            return t.getNextFireTime().toInstant().atZone(s.timezone());
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    void fired(String scheduleId, int version, Date scheduled, Date actual) {
        onFire.accept(new Fire(scheduleId, inForce(scheduleId, version), scheduled.toInstant(), actual.toInstant()));
    }

    /** Quartz skipped the trigger's fires from {@code firstMissed} on: every one up to now goes to onMisfire. */
    void misfired(String scheduleId, int triggerVersion, Instant firstMissed) {
        int version = inForce(scheduleId, triggerVersion);
        Instant now = clock.instant();
        Schedule s = versions.apply(scheduleId, version);
        List<Instant> times;
        if (s == null) {
            times = List.of(firstMissed);
        } else {
            times = new java.util.ArrayList<>();
            if (s.allows(firstMissed.atZone(s.timezone()).toLocalDateTime())) {
                times.add(firstMissed);
            }
            FireTimes.between(s, firstMissed, now.plusMillis(1), 10_000).forEach(z -> times.add(z.toInstant()));
        }
        if (!times.isEmpty()) {
            LOG.warn("Schedule {} v{}: {} fire time(s) missed from {} (Respaldo was not running or fell behind by more than the"
                    + " misfire threshold)", scheduleId, version, times.size(), firstMissed);
            onMisfire.accept(new Missed(scheduleId, version, List.copyOf(times)));
        }
    }

    static JobKey jobKey(String scheduleId) {
        return JobKey.jobKey(scheduleId, GROUP);
    }

    static TriggerKey triggerKey(String scheduleId) {
        return TriggerKey.triggerKey(scheduleId, GROUP);
    }

    /** Hears Quartz's misfires of the schedules' triggers (called before Quartz moves the trigger on). */
    private final class MisfireListener extends TriggerListenerSupport {
        @Override
        public String getName() {
            return "respaldo-misfires";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            try {
                String version = trigger.getJobDataMap().getString("version");
                Date next = trigger.getNextFireTime();
                if (next != null && version != null) {
                    misfired(trigger.getKey().getName(), Integer.parseInt(version), next.toInstant());
                }
            } catch (RuntimeException e) {
                LOG.error("The misfire of {} could not be recorded: {}", trigger.getKey(), e.getMessage(), e);
            }
        }
    }

    /** The Quartz job every schedule trigger runs: hands the fire over and returns at once. */
    public static class FireJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                ScheduleTriggers triggers = (ScheduleTriggers) context.getScheduler().getContext().get(CONTEXT_KEY);
                String id = context.getJobDetail().getJobDataMap().getString("scheduleId");
                org.quartz.JobDataMap data = context.getMergedJobDataMap();
                String v = data.getString("version");
                int version = v == null ? 0 : Integer.parseInt(v);
                Date scheduled = context.getScheduledFireTime();
                if (context.isRecovering()) {
                    // the node that fired it died before the fire was recorded: the original fire time, again
                    String original = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
                    if (original != null) {
                        scheduled = new Date(Long.parseLong(original));
                    }
                    LOG.warn("Fire of {} at {} recovered from a node that stopped before recording it", id, scheduled);
                }
                triggers.fired(id, version, scheduled, context.getFireTime());
            } catch (SchedulerException | RuntimeException e) {
                LOG.error("Fire of {} at {} could not be recorded: {}", context.getJobDetail().getKey(),
                        context.getScheduledFireTime(), e.getMessage(), e);
                throw new JobExecutionException(e);
            }
        }
    }
}
