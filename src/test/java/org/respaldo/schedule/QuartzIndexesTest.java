package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.jdbcjobstore.StdJDBCConstants;

/**
 * The indexes on Quartz's trigger table (H2), after the migrations: every one is written on each
 * trigger update that changes its columns, so only those Quartz's queries use are kept, and the
 * queries that find due and missed fires still read an index (Quartz's own SQL, with 1,000
 * triggers and H2's statistics).
 */
class QuartzIndexesTest {

    @TempDir
    Path dir;
    QuartzOnH2 quartz;

    @BeforeEach
    void open() throws Exception {
        quartz = QuartzOnH2.open(dir);
        for (int i = 0; i < 1000; i++) {
            String id = "s-%04d".formatted(i);
            quartz.scheduler.scheduleJob(JobBuilder.newJob(ScheduleTriggers.FireJob.class).withIdentity(ScheduleTriggers.jobKey(id))
                            .usingJobData("scheduleId", id).build(),
                    Set.of(TriggerBuilder.newTrigger().withIdentity(ScheduleTriggers.triggerKey(id)).forJob(ScheduleTriggers.jobKey(id))
                            .withSchedule(CronScheduleBuilder.cronSchedule("0 %d 23 * * ?".formatted(i % 60))
                                    .withMisfireHandlingInstructionDoNothing())
                            .startAt(java.util.Date.from(Instant.now())).build()), true);
        }
        try (Connection c = quartz.db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    @AfterEach
    void close() throws Exception {
        quartz.close();
    }

    @Test
    void theTriggerTableKeepsOnlyTheIndexesQuartzReadsAndEachOnce() throws Exception {
        // by columns: H2 names the index it makes for the foreign key to the job itself
        assertThat(strings("SELECT LISTAGG(COLUMN_NAME, ',') WITHIN GROUP (ORDER BY ORDINAL_POSITION) FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
                + " WHERE TABLE_NAME = 'QRTZ_TRIGGERS' AND INDEX_NAME NOT IN (SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                + " WHERE TABLE_NAME = 'QRTZ_TRIGGERS' AND INDEX_TYPE_NAME = 'PRIMARY KEY') GROUP BY INDEX_NAME"))
                .containsExactlyInAnyOrder("SCHED_NAME,JOB_NAME,JOB_GROUP", "SCHED_NAME,CALENDAR_NAME", "SCHED_NAME,TRIGGER_STATE,NEXT_FIRE_TIME");
    }

    @Test
    void theMisfireScanAndTheTriggerAcquisitionReadTheNextFireTimeIndex() throws Exception {
        // the misfire handler (JobStoreSupport.recoverMisfiredJobs) and the scheduler thread (acquireNextTriggers)
        for (String sql : List.of(StdJDBCConstants.COUNT_MISFIRED_TRIGGERS_IN_STATE, StdJDBCConstants.SELECT_HAS_MISFIRED_TRIGGERS_IN_STATE,
                StdJDBCConstants.SELECT_MISFIRED_TRIGGERS_IN_STATE, StdJDBCConstants.SELECT_NEXT_TRIGGER_TO_ACQUIRE)) {
            String query = sql.replace("{0}", "QRTZ_").replace("{1}", "'" + QuartzStore.SCHEDULER_NAME + "'")
                    .replace("TRIGGER_STATE = ?", "TRIGGER_STATE = 'WAITING'").replace("?", "1");
            String plan = String.join("\n", strings("EXPLAIN " + query));
            assertThat(plan).as("the plan of %s", query).contains("IDX_QRTZ_T_NFT_ST:").doesNotContain("tableScan");
        }
    }

    @Test
    void aJobsTriggersAreFoundByTheForeignKeysIndex() throws Exception {
        // deleting or replacing a job (a schedule disabled or removed) looks up its triggers
        String query = StdJDBCConstants.SELECT_TRIGGERS_FOR_JOB.replace("{0}", "QRTZ_").replace("{1}", "'" + QuartzStore.SCHEDULER_NAME + "'")
                .replaceFirst("\\?", "'s-0007'").replaceFirst("\\?", "'" + ScheduleTriggers.jobKey("s-0007").getGroup() + "'");
        String plan = String.join("\n", strings("EXPLAIN " + query));
        assertThat(plan).as("the plan of %s", query).containsPattern("/\\* PUBLIC\\.\\w+: [^*]*JOB_NAME = 's-0007'")
                .doesNotContain("tableScan");
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = quartz.db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
