package org.respaldo.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.function.Consumer;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz cron trigger per enabled schedule, in the schedule's time zone, with its
 * blackouts as a Quartz calendar and its validity as the trigger's start and end. A new
 * version replaces the old trigger in one scheduler operation.
 */
public final class ScheduleTriggers {

    static final String GROUP = "respaldo-schedules";
    static final String CONTEXT_KEY = "respaldo.schedule-triggers";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTriggers.class);

    private final Consumer<Fire> onFire;
    /** The blackout calendar each schedule's trigger uses (only schedules with blackouts have one). */
    private final java.util.Map<String, String> calendars = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Scheduler scheduler;

    public ScheduleTriggers(Consumer<Fire> onFire) {
        this.onFire = onFire;
    }

    /** Binds to the Quartz scheduler (once it exists, when Camel starts). */
    public void attach(Scheduler scheduler) throws SchedulerException {
        scheduler.getContext().put(CONTEXT_KEY, this);
        this.scheduler = scheduler;
    }

    /** Registers (or replaces) the trigger of a schedule; removes it when the schedule is disabled. */
    public void register(ActiveSchedule active, Instant now) {
        Schedule s = active.schedule();
        if (!s.enabled()) {
            unregister(s.id());
            return;
        }
        try {
            String calendarName = s.blackouts().isEmpty() ? null : "blackouts-" + s.id() + "-v" + active.version();
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
                    .withSchedule(CronScheduleBuilder.cronSchedule(s.cron())
                            .inTimeZone(java.util.TimeZone.getTimeZone(s.timezone()))
                            .withMisfireHandlingInstructionDoNothing())
                    .modifiedByCalendar(calendarName)
                    .usingJobData("version", active.version())
                    .startAt(Date.from(start));
            if (s.validUntil() != null) {
                tb.endAt(Date.from(s.validUntil().plusDays(1).atStartOfDay(s.timezone()).toInstant()));
            }
            CronTrigger trigger = tb.build();
            JobDetail job = JobBuilder.newJob(FireJob.class).withIdentity(jobKey(s.id()))
                    .usingJobData("scheduleId", s.id()).build();
            try {
                scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
            } catch (SchedulerException e) {
                if (e.getMessage() != null && e.getMessage().contains("will never fire")) {
                    LOG.warn("Schedule {} v{} has no future fire time (validity over); no trigger registered",
                            s.id(), active.version());
                    unregister(s.id());
                    return;
                }
                throw e;
            }
            replaceCalendar(s.id(), calendarName);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not register the trigger of schedule " + s.id() + ": " + e.getMessage(), e);
        }
    }

    public void unregister(String scheduleId) {
        try {
            scheduler.deleteJob(jobKey(scheduleId));
            replaceCalendar(scheduleId, null);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not remove the trigger of schedule " + scheduleId + ": " + e.getMessage(), e);
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

    /** Records the schedule's calendar and deletes the one its previous trigger used, if any. */
    private void replaceCalendar(String scheduleId, String calendarName) throws SchedulerException {
        String old = calendarName == null ? calendars.remove(scheduleId) : calendars.put(scheduleId, calendarName);
        if (old != null && !old.equals(calendarName)) {
            scheduler.deleteCalendar(old);
        }
    }

    void fired(String scheduleId, int version, Date scheduled, Date actual) {
        onFire.accept(new Fire(scheduleId, version, scheduled.toInstant(), actual.toInstant()));
    }

    static JobKey jobKey(String scheduleId) {
        return JobKey.jobKey(scheduleId, GROUP);
    }

    static TriggerKey triggerKey(String scheduleId) {
        return TriggerKey.triggerKey(scheduleId, GROUP);
    }

    /** The Quartz job every schedule trigger runs: hands the fire over and returns at once. */
    @DisallowConcurrentExecution
    public static class FireJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                ScheduleTriggers triggers = (ScheduleTriggers) context.getScheduler().getContext().get(CONTEXT_KEY);
                String id = context.getJobDetail().getJobDataMap().getString("scheduleId");
                int version = context.getTrigger().getJobDataMap().getInt("version");
                Date scheduled = context.getScheduledFireTime();
                triggers.fired(id, version, scheduled, context.getFireTime());
            } catch (SchedulerException | RuntimeException e) {
                LOG.error("Fire of {} could not be handed over: {}", context.getJobDetail().getKey(), e.getMessage(), e);
                throw new JobExecutionException(e);
            }
        }
    }
}
