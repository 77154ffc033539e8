package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.TriggerUtils;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.OperableTrigger;

/**
 * What the forecast says ({@link FireTimes}) is what Quartz does: the trigger that
 * {@link ScheduleTriggers} registers (cron in the schedule's zone, {@link BlackoutCalendar},
 * validity as start and end) yields the same fire times.
 */
class FireTimesTest {

    private static Scheduler scheduler;
    private static ScheduleTriggers triggers;

    @BeforeAll
    static void quartz() throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "fire-times-test");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(p).getScheduler(); // never started: nothing fires
        triggers = new ScheduleTriggers(fire -> {
        }, missed -> {
        }, (id, version) -> null, id -> null, java.time.Clock.systemUTC());
        triggers.attach(scheduler);
    }

    @AfterAll
    static void stop() throws Exception {
        scheduler.shutdown(false);
    }

    /** The fire times of the trigger Respaldo registers for the schedule, between two instants. */
    private static List<ZonedDateTime> quartzFireTimes(Schedule s, Instant now, Instant until) throws Exception {
        triggers.register(new ActiveSchedule(s, 1, now, "test.yaml", "0"), now);
        OperableTrigger t = (OperableTrigger) scheduler.getTrigger(ScheduleTriggers.triggerKey(s.id()));
        assertThat(t).as("a trigger is registered").isNotNull();
        org.quartz.Calendar cal = t.getCalendarName() == null ? null : scheduler.getCalendar(t.getCalendarName());
        if (s.blackouts().isEmpty()) {
            assertThat(cal).as("no calendar without blackouts").isNull();
        } else {
            assertThat(cal).isInstanceOf(BlackoutCalendar.class);
            cal = serializedAndBack(cal);
        }
        List<ZonedDateTime> result = new ArrayList<>();
        for (Date d : TriggerUtils.computeFireTimesBetween(t, cal, Date.from(now), Date.from(until))) {
            result.add(d.toInstant().atZone(s.timezone()));
        }
        return result;
    }

    /** Quartz's JDBC JobStore keeps calendars serialized: the forecast must hold for the calendar read back. */
    private static org.quartz.Calendar serializedAndBack(org.quartz.Calendar cal) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(cal);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (org.quartz.Calendar) in.readObject();
        }
    }

    private static List<String> local(List<ZonedDateTime> times) {
        return times.stream().map(z -> z.toOffsetDateTime().toString()).toList();
    }

    @Test
    void quartzAndTheForecastAgreeOverSixtyDaysWithBlackoutDatesAndPeriods() throws Exception {
        Schedule s = Corpus.schedule(Corpus.EXAMPLES.resolve("respaldo-nocturno-bd.yaml"));
        Instant until = Corpus.NOW.plus(Duration.ofDays(60));

        List<ZonedDateTime> forecast = FireTimes.between(s, Corpus.NOW, until, 1_000);
        List<ZonedDateTime> quartz = quartzFireTimes(s, Corpus.NOW, until);

        assertThat(local(quartz)).isEqualTo(local(forecast));
        // validFrom 2026-12-01: the first fire is that night, 22:30 in Guatemala
        assertThat(forecast.get(0).toOffsetDateTime()).hasToString("2026-12-01T22:30-06:00");
        // 52 nights from 1 December to 21 January, less 24, 25, 31 December, 1 January and the
        // maintenance period from Saturday 16 January 18:00 to Monday 18 January 06:00
        assertThat(forecast).hasSize(46);
        List<LocalDate> days = forecast.stream().map(ZonedDateTime::toLocalDate).toList();
        assertThat(days).doesNotContain(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25),
                LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 16), LocalDate.of(2027, 1, 17));
        assertThat(days).contains(LocalDate.of(2026, 12, 23), LocalDate.of(2026, 12, 26), LocalDate.of(2027, 1, 15),
                LocalDate.of(2027, 1, 18));
        assertThat(forecast).allSatisfy(z -> assertThat(z.toLocalTime()).isEqualTo(LocalTime.of(22, 30)));
    }

    @Test
    void quartzAndTheForecastAgreeForAPeriodEndingInTheMiddleOfTheWindow() throws Exception {
        // blackout until 2027-03-27T00:00 and a cron every 30 minutes from 22:00 to 23:30
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("comodines.json"));
        Instant from = Instant.parse("2027-03-23T12:00:00Z");
        Instant until = from.plus(Duration.ofDays(5));
        List<ZonedDateTime> forecast = FireTimes.between(s, from, until, 1_000);
        assertThat(local(quartzFireTimes(s, from, until))).isEqualTo(local(forecast));
        assertThat(forecast.stream().map(ZonedDateTime::toLocalDate).distinct().toList()).containsExactly(
                LocalDate.of(2027, 3, 23), LocalDate.of(2027, 3, 24), LocalDate.of(2027, 3, 27));
        assertThat(forecast).hasSize(12);
    }

    @Test
    void aVersionWithoutBlackoutsRemovesTheCalendarOfTheVersionBefore() throws Exception {
        Schedule with = Corpus.schedule(Corpus.EXAMPLES.resolve("respaldo-nocturno-bd.yaml"));
        assertThat(with.blackouts()).isNotEmpty();
        String calendar = ScheduleTriggers.calendarName(with.id());
        triggers.register(new ActiveSchedule(with, 1, Corpus.NOW, "a.yaml", "1"), Corpus.NOW);
        assertThat(scheduler.getCalendar(calendar)).isInstanceOf(BlackoutCalendar.class);

        Schedule without = Corpus.validator().restore(ScheduleJson.toJson(with).without("blackouts"));
        assertThat(without.blackouts()).isEmpty();
        // the registry says a calendar may be left when the version in force had blackouts
        triggers.register(new ActiveSchedule(without, 2, Corpus.NOW, "b.yaml", "2"), Corpus.NOW, true);
        assertThat(scheduler.getCalendar(calendar)).as("the calendar of version 1").isNull();
        assertThat(scheduler.getTrigger(ScheduleTriggers.triggerKey(with.id())).getCalendarName()).isNull();
        triggers.unregister(with.id());
    }

    @Test
    void validityEndsTheTriggerOnValidUntil() throws Exception {
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("madrid-verano.yaml"));
        Instant from = Instant.parse("2027-11-25T00:00:00Z");
        Instant until = from.plus(Duration.ofDays(30));
        List<ZonedDateTime> forecast = FireTimes.between(s, from, until, 1_000);
        assertThat(local(quartzFireTimes(s, from, until))).isEqualTo(local(forecast));
        assertThat(forecast).hasSize(6); // 02:00 on 25 to 30 November, then validUntil
        assertThat(forecast.get(5).toLocalDate()).isEqualTo(LocalDate.of(2027, 11, 30));
    }

    @Test
    void aWindowCrossingMidnightContainsTheLateEveningAndTheEarlyMorning() {
        Schedule.Window night = new Schedule.Window(LocalTime.of(22, 0), LocalTime.of(5, 0));
        assertThat(night.crossesMidnight()).isTrue();
        assertThat(night.length()).isEqualTo(Duration.ofHours(7));
        assertThat(night.contains(LocalTime.of(22, 0))).as("start is inside").isTrue();
        assertThat(night.contains(LocalTime.of(23, 59, 59))).isTrue();
        assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(night.contains(LocalTime.of(4, 59, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(5, 0))).as("end is outside").isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(21, 59, 59))).isFalse();

        Schedule.Window day = new Schedule.Window(LocalTime.of(12, 0), LocalTime.of(14, 0));
        assertThat(day.crossesMidnight()).isFalse();
        assertThat(day.contains(LocalTime.of(12, 0))).isTrue();
        assertThat(day.contains(LocalTime.of(14, 0))).isFalse();
        assertThat(day.contains(LocalTime.of(23, 0))).isFalse();

        Schedule.Window toMidnight = new Schedule.Window(LocalTime.of(22, 0), LocalTime.MIDNIGHT);
        assertThat(toMidnight.crossesMidnight()).isTrue();
        assertThat(toMidnight.length()).isEqualTo(Duration.ofHours(2));
        assertThat(toMidnight.contains(LocalTime.of(23, 59, 59))).isTrue();
        assertThat(toMidnight.contains(LocalTime.MIDNIGHT)).isFalse();
    }

    @Test
    void guatemalaHasNoDaylightSavingTimeSoEveryNightIsTwentyFourHoursApart() throws Exception {
        ZoneId guatemala = ZoneId.of("America/Guatemala");
        assertThat(guatemala.getRules().nextTransition(Corpus.NOW)).isNull();
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("minimo.yaml"));
        List<ZonedDateTime> year = FireTimes.between(s, Corpus.NOW, Corpus.NOW.plus(Duration.ofDays(365)), 1_000);
        assertThat(year).hasSize(365);
        assertThat(year).allSatisfy(z -> {
            assertThat(z.getOffset()).isEqualTo(ZoneOffset.ofHours(-6));
            assertThat(z.toLocalTime()).isEqualTo(LocalTime.of(23, 0));
        });
        for (int i = 1; i < year.size(); i++) {
            assertThat(Duration.between(year.get(i - 1), year.get(i))).isEqualTo(Duration.ofHours(24));
        }
        assertThat(local(quartzFireTimes(s, Corpus.NOW, Corpus.NOW.plus(Duration.ofDays(365))))).isEqualTo(local(year));
    }

    @Test
    void inMadridTheLocalTimeStaysAndTheOffsetChangesWithSummerTime() throws Exception {
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("madrid-verano.yaml"));
        Instant from = Instant.parse("2027-03-25T00:00:00Z");
        Instant until = Instant.parse("2027-11-03T00:00:00Z");
        List<ZonedDateTime> forecast = FireTimes.between(s, from, until, 1_000);
        assertThat(local(quartzFireTimes(s, from, until))).isEqualTo(local(forecast));

        List<String> spring = local(forecast.stream()
                .filter(z -> z.toLocalDate().isBefore(LocalDate.of(2027, 3, 31))).toList());
        // On 28 March 2027 clocks jump from 02:00 to 03:00: 02:00 does not exist that night, and
        // Quartz (hence the forecast) has no fire on that date. Operators see the gap in the forecast.
        assertThat(spring).containsExactly("2027-03-25T02:00+01:00", "2027-03-26T02:00+01:00",
                "2027-03-27T02:00+01:00", "2027-03-29T02:00+02:00", "2027-03-30T02:00+02:00");

        List<String> autumn = local(forecast.stream()
                .filter(z -> z.toLocalDate().isAfter(LocalDate.of(2027, 10, 29))).toList());
        // On 31 October 2027 02:00 happens twice (03:00 summer time goes back to 02:00): one fire only
        assertThat(autumn).containsExactly("2027-10-30T02:00+02:00", "2027-10-31T02:00+01:00",
                "2027-11-01T02:00+01:00", "2027-11-02T02:00+01:00");
        assertThat(forecast).allSatisfy(z -> assertThat(s.window().contains(z.toLocalTime())).isTrue());
    }

    @Test
    void aBlackoutDayCoversTheWholeLocalDayAndAPeriodExcludesItsEnd() {
        Schedule.Blackout day = new Schedule.Blackout.Day(LocalDate.of(2026, 12, 25));
        assertThat(day.covers(LocalDateTime.of(2026, 12, 25, 0, 0))).isTrue();
        assertThat(day.covers(LocalDateTime.of(2026, 12, 25, 23, 59, 59))).isTrue();
        assertThat(day.covers(LocalDateTime.of(2026, 12, 26, 0, 0))).isFalse();
        Schedule.Blackout period = new Schedule.Blackout.Period(LocalDateTime.of(2027, 1, 16, 18, 0),
                LocalDateTime.of(2027, 1, 18, 6, 0));
        assertThat(period.covers(LocalDateTime.of(2027, 1, 16, 17, 59))).isFalse();
        assertThat(period.covers(LocalDateTime.of(2027, 1, 16, 18, 0))).isTrue();
        assertThat(period.covers(LocalDateTime.of(2027, 1, 18, 5, 59))).isTrue();
        assertThat(period.covers(LocalDateTime.of(2027, 1, 18, 6, 0))).isFalse();
    }

    /** The window check looks at every fire only where a clock change could move the times of day; the answer is the same. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} in {1}, window {2}–{3}")
    @org.junit.jupiter.params.provider.CsvSource({
        "0 0 23 * * ?,               America/Guatemala, 22:00, 02:00",
        "0 30 21 * * ?,              America/Guatemala, 22:00, 02:00",
        "0 0 1 ? * SUN,              America/Guatemala, 00:00, 05:00",
        "0 0/30 22-23 * * ?,         America/Guatemala, 22:00, 00:00",
        "0 0 12 ? * MON-FRI 2026-2028, America/Guatemala, 12:00, 14:00",
        "0 0 22 L * ?,               America/Guatemala, 22:00, 23:00",
        "0 59 23 31 12 ? 2027,       America/Guatemala, 22:00, 23:00",
        "'0 0 10,23 ? * 1#1',        America/Guatemala, 22:00, 02:00",
        "0 15 0/2 * * ?,             UTC,               00:00, 23:59",
        "0 0 2 * * ?,                Europe/Madrid,     01:00, 05:00",
        "0 30 2 * * ?,               Europe/Madrid,     02:00, 03:00",
        "0 0 23 ? * MON,             America/New_York,  22:00, 02:00",
        "0 0 1 * * ?,                America/New_York,  00:30, 01:30",
    })
    void theWindowCheckAgreesWithLookingAtEveryFire(String cron, String zone, String start, String end) {
        Schedule base = Corpus.schedule(Corpus.VALID.resolve("minimo.yaml"));
        Schedule s = new Schedule(base.formatVersion(), base.id(), base.title(), base.owner(), true, cron.trim(), ZoneId.of(zone.trim()),
                null, null, new Schedule.Window(LocalTime.parse(start.trim()), LocalTime.parse(end.trim())), null, List.of(),
                base.veeam(), base.storage(), base.notification(), base.retry(), base.overlap());
        assertThat(FireTimes.firstOutsideWindow(s, Corpus.NOW, 366, 2_000))
                .isEqualTo(everyFireOutside(s, Corpus.NOW, 366, 2_000));
    }

    /** The window check as it was: every fire in the horizon, one by one. */
    private static LocalDateTime everyFireOutside(Schedule s, Instant from, int days, int maxFires) {
        org.quartz.CronExpression e = FireTimes.cron(s);
        Instant until = from.plus(Duration.ofDays(days));
        Date next = e.getNextValidTimeAfter(Date.from(from));
        int seen = 0;
        while (next != null && next.toInstant().isBefore(until) && seen++ < maxFires) {
            LocalDateTime local = LocalDateTime.ofInstant(next.toInstant(), s.timezone());
            if (!s.window().contains(local.toLocalTime())) {
                return local;
            }
            next = e.getNextValidTimeAfter(next);
        }
        return null;
    }
}
