package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.calendar.HolidayCalendar;
import org.respaldo.testing.LogLines;

/**
 * Quartz's JDBC store on H2 with Respaldo's migrations: a schedule's new trigger replaces the old one, and the job
 * row is written only when the job differs (Quartz would rewrite it for every new version).
 */
class ScheduleJobStoreTest {

    @TempDir
    Path dir;
    QuartzOnH2 quartz;

    @BeforeEach
    void open() throws Exception {
        quartz = QuartzOnH2.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        quartz.close();
    }

    private static JobDetail job(boolean recovery, String id) {
        return JobBuilder.newJob(ScheduleTriggers.FireJob.class).withIdentity(ScheduleTriggers.jobKey("nomina"))
                .requestRecovery(recovery).usingJobData("scheduleId", id).build();
    }

    private static Trigger trigger(String cron) {
        return TriggerBuilder.newTrigger().withIdentity(ScheduleTriggers.triggerKey("nomina")).forJob(ScheduleTriggers.jobKey("nomina"))
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)).startAt(java.util.Date.from(Instant.now())).build();
    }

    /** The job row as stored: whether it asks for recovery, and a marker column written by the test. */
    private String storedJob() throws Exception {
        try (Connection c = quartz.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT REQUESTS_RECOVERY, DESCRIPTION FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = ?")) {
            ps.setString(1, "nomina");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) + " " + rs.getString(2) : "none";
            }
        }
    }

    /** Another transaction holds the job row's lock: a write of the row waits for it and fails (H2's lock timeout). */
    private Connection lockJobRow() throws Exception {
        Connection c = quartz.db.dataSource().getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = ? FOR UPDATE")) {
            ps.setString(1, "nomina");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
        return c;
    }

    @Test
    void aNewTriggerWithTheSameJobReplacesTheTriggerAndLeavesTheJobRowAlone() throws Exception {
        assertThat(quartz.scheduler.getMetaData().getJobStoreClass()).isEqualTo(ScheduleJobStore.class);
        quartz.scheduler.scheduleJob(job(true, "nomina"), Set.of(trigger("0 0 23 * * ?")), true);
        try (Connection lock = lockJobRow()) {
            // the job row is locked by another transaction: this only succeeds if it does not write the row
            quartz.scheduler.scheduleJob(job(true, "nomina"), Set.of(trigger("0 30 23 * * ?")), true);
            lock.rollback();
        }
        assertThat(((org.quartz.CronTrigger) quartz.scheduler.getTrigger(ScheduleTriggers.triggerKey("nomina"))).getCronExpression())
                .isEqualTo("0 30 23 * * ?");
        assertThat(storedJob()).isEqualTo("true null");
    }

    @Test
    void aJobThatDiffersIsWrittenAsQuartzWould() throws Exception {
        quartz.scheduler.scheduleJob(job(false, "nomina"), Set.of(trigger("0 0 23 * * ?")), true);
        try (Connection lock = lockJobRow()) {
            // the same lock makes the write of a job that differs wait and fail: the test above can tell
            assertThatThrownBy(() -> quartz.scheduler.scheduleJob(job(true, "nomina"), Set.of(trigger("0 0 23 * * ?")), true))
                    .isInstanceOf(org.quartz.SchedulerException.class);
            lock.rollback();
        }
        assertThat(storedJob()).isEqualTo("false null");

        quartz.scheduler.scheduleJob(job(true, "nomina"), Set.of(trigger("0 0 23 * * ?")), true);
        assertThat(storedJob()).as("recovery asked for now").isEqualTo("true null");
        quartz.scheduler.scheduleJob(job(true, "other-id"), Set.of(trigger("0 0 23 * * ?")), true);
        assertThat(quartz.scheduler.getJobDetail(ScheduleTriggers.jobKey("nomina")).getJobDataMap().getString("scheduleId")).isEqualTo("other-id");
    }

    @Test
    void aJobNotStoredYetIsStored() throws Exception {
        assertThat(storedJob()).isEqualTo("none");
        quartz.scheduler.scheduleJob(job(true, "nomina"), Set.of(trigger("0 0 23 * * ?")), true);
        assertThat(storedJob()).isEqualTo("true null");
    }

    @Test
    void aCalendarThatIsNotThereIsNullWithoutAWarningAndOneThatIsThereIsReturned() throws Exception {
        try (LogLines log = LogLines.capture()) {
            assertThat(quartz.scheduler.getCalendar("blackouts-nomina")).isNull();
            assertThat(log.all()).as("an operator's log after a new schedule without blackouts").noneMatch(l -> l.contains("calendar"));
        }
        quartz.scheduler.addCalendar("blackouts-nomina", new HolidayCalendar(), false, false);
        assertThat(quartz.scheduler.getCalendar("blackouts-nomina")).isInstanceOf(HolidayCalendar.class);
        assertThat(quartz.scheduler.deleteCalendar("blackouts-nomina")).isTrue();
        assertThat(quartz.scheduler.getCalendar("blackouts-nomina")).isNull();
    }
}
