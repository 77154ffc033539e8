package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.respaldo.schedule.Schedule;

/** The breach evaluation at its edges: exactly at the rpo, just past it, without a good run, validity, disabled, default rpo. */
class RpoTest {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final Instant ACCEPTED = Instant.parse("2026-11-02T15:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    static Schedule schedule(String cron, boolean enabled, LocalDate from, LocalDate until, Duration rpo) {
        return new Schedule(1, "nocturno", "Nocturno", "d@mineco.gob.gt", enabled, cron, GT, from, until,
                new Schedule.Window(java.time.LocalTime.of(22, 0), java.time.LocalTime.of(5, 0)), null, List.of(),
                new Schedule.VeeamTarget("principal", List.of("BD"), false, false),
                new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 0),
                new Schedule.Notify("d@mineco.gob.gt", List.of(), "es"), new Schedule.Retry(0, Duration.ofMinutes(10)),
                Schedule.Overlap.SKIP, Schedule.Misfire.RUN, rpo);
    }

    static Schedule daily(Duration rpo) {
        return schedule("0 30 22 * * ?", true, null, null, rpo);
    }

    @Test
    void exactlyAtTheRpoIsNotABreachOneMillisecondLaterIs() {
        Instant good = Instant.parse("2026-11-20T04:30:00Z");
        Rpo.Status at = Rpo.evaluate(daily(DAY), DAY, good, ACCEPTED, good.plus(DAY));
        assertThat(at.watched()).isTrue();
        assertThat(at.breached()).isFalse();
        Rpo.Status after = Rpo.evaluate(daily(DAY), DAY, good, ACCEPTED, good.plus(DAY).plusMillis(1));
        assertThat(after.breached()).isTrue();
        assertThat(after.since()).isEqualTo(good.plus(DAY));
        assertThat(after.basis()).isEqualTo(good);
    }

    @Test
    void aNewScheduleWithoutAGoodRunCountsFromItsAcceptance() {
        assertThat(Rpo.evaluate(daily(DAY), DAY, null, ACCEPTED, ACCEPTED.plus(DAY)).breached()).isFalse();
        Rpo.Status late = Rpo.evaluate(daily(DAY), DAY, null, ACCEPTED, ACCEPTED.plus(DAY).plusSeconds(1));
        assertThat(late.breached()).isTrue();
        assertThat(late.since()).isEqualTo(ACCEPTED.plus(DAY));
        assertThat(late.basis()).isEqualTo(ACCEPTED);
    }

    @Test
    void aValidFromAfterTheAcceptanceStartsTheCountThere() {
        Schedule later = schedule("0 30 22 * * ?", true, LocalDate.of(2026, 12, 1), null, DAY);
        Instant start = LocalDate.of(2026, 12, 1).atStartOfDay(GT).toInstant();
        assertThat(Rpo.evaluate(later, DAY, null, ACCEPTED, start.plus(DAY)).breached()).isFalse();
        assertThat(Rpo.evaluate(later, DAY, null, ACCEPTED, start.plus(DAY).plusMillis(1)).since()).isEqualTo(start.plus(DAY));
    }

    @Test
    void aGoodRunOlderThanTheAcceptanceStillCounts() {
        // a new version does not restart the count: the last good run decides
        Instant good = ACCEPTED.minus(Duration.ofDays(3));
        assertThat(Rpo.evaluate(daily(DAY), DAY, good, ACCEPTED, ACCEPTED).breached()).isTrue();
    }

    @Test
    void aDisabledScheduleOrOneWithoutRpoIsNotWatched() {
        Schedule off = schedule("0 30 22 * * ?", false, null, null, DAY);
        assertThat(Rpo.evaluate(off, DAY, null, ACCEPTED, ACCEPTED.plus(Duration.ofDays(30)))).satisfies(s -> {
            assertThat(s.watched()).isFalse();
            assertThat(s.breached()).isFalse();
        });
        assertThat(Rpo.evaluate(daily(null), null, null, ACCEPTED, ACCEPTED.plus(Duration.ofDays(30))).watched()).isFalse();
    }

    @Test
    void pastItsValidUntilDayAScheduleIsNoLongerWatched() {
        Schedule ending = schedule("0 30 22 * * ?", true, null, LocalDate.of(2026, 11, 10), DAY);
        Instant lastDayEnd = LocalDate.of(2026, 11, 11).atStartOfDay(GT).toInstant();
        assertThat(Rpo.evaluate(ending, DAY, null, ACCEPTED, lastDayEnd.minusMillis(1)).breached()).isTrue();
        assertThat(Rpo.evaluate(ending, DAY, null, ACCEPTED, lastDayEnd).watched()).isFalse();
    }

    @Test
    void withoutAnRpoOfItsOwnTheDefaultIsTwiceTheLongestGap() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(Rpo.of(daily(null), now)).contains(Duration.ofDays(2));
        assertThat(Rpo.of(schedule("0 30 22 ? * MON-FRI", true, null, null, null), now)).contains(Duration.ofDays(6));
        assertThat(Rpo.of(daily(Duration.ofHours(30)), now)).contains(Duration.ofHours(30));
        // a single fire has no gap: no default, not watched
        Schedule once = schedule("0 30 22 1 1 ? 2027", true, null, null, null);
        assertThat(Rpo.of(once, now)).isEmpty();
        assertThat(Rpo.evaluate(once, null, ACCEPTED, now.plus(Duration.ofDays(400))).watched()).isFalse();
        // through the schedule: daily with no rpo, a good run 47 h ago is fine, 49 h ago is a breach
        assertThat(Rpo.evaluate(daily(null), now.minus(Duration.ofHours(47)), ACCEPTED, now).breached()).isFalse();
        assertThat(Rpo.evaluate(daily(null), now.minus(Duration.ofHours(49)), ACCEPTED, now).breached()).isTrue();
    }
}
