package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The acceptance warning about schedules that drive the same repository or jobs at the same time. */
class ScheduleOverlapsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    static final ZoneId GT = ZoneId.of("America/Guatemala");

    static Schedule schedule(String id, String cron, String start, String end, String repository, List<String> jobs) {
        return new Schedule(1, id, id, "d@x.gt", true, cron, GT, null, null,
                new Schedule.Window(LocalTime.parse(start), LocalTime.parse(end)), null, List.of(),
                new Schedule.VeeamTarget("principal", jobs, false, false),
                new Schedule.Storage(repository, "D:\\Backups", 0), new Schedule.Notify("d@x.gt", List.of(), "es"),
                new Schedule.Retry(0, Duration.ofMinutes(10)), Schedule.Overlap.SKIP);
    }

    static ActiveSchedule active(Schedule s) {
        return new ActiveSchedule(s, 1, CLOCK.instant(), s.id() + ".yaml", "0");
    }

    @Test
    void sameRepositoryAtOverlappingTimesIsNamed() {
        Schedule nightly = schedule("nocturno", "0 0 23 * * ?", "22:00", "04:00", "Repositorio-CD-Local", List.of("BD-Oracle-SIAF"));
        Schedule other = schedule("sql", "0 30 23 * * ?", "23:00", "02:00", "Repositorio-CD-Local", List.of("BD-SQLServer-Produccion"));
        List<String> warnings = new ScheduleOverlaps(CLOCK).warnings(nightly, List.of(active(other)));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("sql").contains("mismo repositorio").contains("same Veeam repository");
    }

    @Test
    void sameJobsOnAnotherRepositoryAlsoClash() {
        Schedule a = schedule("a", "0 0 23 * * ?", "22:00", "04:00", "Repo-A", List.of("BD-Oracle-SIAF"));
        Schedule b = schedule("b", "0 0 1 * * ?", "00:30", "03:00", "Repo-B", List.of("BD-Oracle-SIAF"));
        assertThat(new ScheduleOverlaps(CLOCK).warnings(a, List.of(active(b)))).hasSize(1);
    }

    @Test
    void disjointTimesOrUnrelatedResourcesDoNotWarn() {
        Schedule night = schedule("noche", "0 0 23 * * ?", "22:00", "23:30", "Repositorio-CD-Local", List.of("BD-Oracle-SIAF"));
        Schedule morning = schedule("manana", "0 0 7 * * ?", "06:00", "08:00", "Repositorio-CD-Local", List.of("BD-Oracle-SIAF"));
        Schedule elsewhere = schedule("otro", "0 0 23 * * ?", "22:00", "23:30", "Repo-B", List.of("FS-Expedientes"));
        assertThat(new ScheduleOverlaps(CLOCK).warnings(night, List.of(active(morning), active(elsewhere)))).isEmpty();
    }

    @Test
    void aNewVersionOfTheSameScheduleIsNotAClash() {
        Schedule v1 = schedule("nocturno", "0 0 23 * * ?", "22:00", "04:00", "Repositorio-CD-Local", List.of("BD-Oracle-SIAF"));
        assertThat(new ScheduleOverlaps(CLOCK).warnings(v1, List.of(active(v1)))).isEmpty();
    }
}
