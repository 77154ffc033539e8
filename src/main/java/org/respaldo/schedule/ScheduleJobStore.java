package org.respaldo.schedule;

import java.sql.Connection;
import java.util.Objects;

import org.quartz.Calendar;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;

/**
 * Quartz's JDBC job store (JobStoreTX), except that replacing a job with an identical one writes nothing. A new
 * version of a schedule replaces its trigger together with its job ({@code scheduleJob(job, triggers, true)}), and the
 * job is nearly always the same (the fire job and the schedule's id): Quartz would rewrite its row anyway, a quarter
 * of the database writes of a new version. Reading the stored job to compare costs a lookup by key; a job that differs
 * in any way Quartz keeps (class, recovery, durability, data) is written as before.
 *
 * <p>A calendar that is not there is an ordinary answer, not a warning: {@link ScheduleTriggers} asks whether a
 * schedule's old blackout calendar is left to remove, and Quartz's delegate would log "Couldn't find calendar" at WARN
 * for every new schedule without blackouts.
 */
public class ScheduleJobStore extends JobStoreTX {

    @Override
    protected void storeJob(Connection conn, JobDetail newJob, boolean replaceExisting) throws JobPersistenceException {
        if (replaceExisting) {
            JobDetail stored = retrieveJob(conn, newJob.getKey());
            if (stored != null && same(stored, newJob)) {
                return;
            }
        }
        super.storeJob(conn, newJob, replaceExisting);
    }

    @Override
    protected Calendar retrieveCalendar(Connection conn, String calName) throws JobPersistenceException {
        boolean cached = !isClustered() && calendarCache.containsKey(calName);
        if (!cached && !calendarExists(conn, calName)) {
            return null;
        }
        return super.retrieveCalendar(conn, calName);
    }

    /** Everything of a job that Quartz stores. */
    static boolean same(JobDetail a, JobDetail b) {
        return a.getKey().equals(b.getKey()) && a.getJobClass().equals(b.getJobClass())
                && Objects.equals(a.getDescription(), b.getDescription()) && a.isDurable() == b.isDurable()
                && a.requestsRecovery() == b.requestsRecovery()
                && a.isConcurrentExecutionDisallowed() == b.isConcurrentExecutionDisallowed()
                && a.isPersistJobDataAfterExecution() == b.isPersistJobDataAfterExecution()
                && a.getJobDataMap().getWrappedMap().equals(b.getJobDataMap().getWrappedMap());
    }
}
