package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.respaldo.run.FireFates.Fate;
import org.respaldo.run.FireFates.Fire;
import org.respaldo.run.FireFates.Node;
import org.respaldo.run.FireFates.Version;
import org.respaldo.schedule.Schedule;

/** "¿Por qué no se ejecutó?" at its edges: each fate, validity's and blackouts' days, a version change, clock changes. */
class FireFatesTest {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final Duration GRACE = Duration.ofMinutes(2);

    static Schedule schedule(String cron, ZoneId zone, boolean enabled, LocalDate from, LocalDate until,
            List<Schedule.Blackout> blackouts) {
        return new Schedule(1, "nocturno", "Nocturno", "d@mineco.gob.gt", enabled, cron, zone, from, until,
                new Schedule.Window(LocalTime.of(0, 0), LocalTime.of(23, 59)), null, blackouts,
                new Schedule.VeeamTarget("principal", List.of("BD"), false, false),
                new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 0),
                new Schedule.Notify("d@mineco.gob.gt", List.of(), "es"), new Schedule.Retry(0, Duration.ofMinutes(10)),
                Schedule.Overlap.SKIP, Schedule.Misfire.RUN, null);
    }

    static Schedule daily(String cron) {
        return schedule(cron, GT, true, null, null, List.of());
    }

    static Instant gt(String local) {
        return LocalDateTime.parse(local).atZone(GT).toInstant();
    }

    static Run run(String id, Instant fire, Run.Trigger trigger, Run.Result result, int version, String... reasons) {
        return new Run(id, "nocturno", version, trigger, fire, fire, fire, result == null ? null : fire.plusSeconds(60), null,
                result == null ? Run.Status.RUNNING : Run.Status.CONCLUDED, result, List.of(reasons), "n1", null,
                new Run.Target("Nocturno", "principal", "Repositorio-CD-Local", "D:\\Backups"), List.of(), List.of());
    }

    static List<Fate> fates(FireFates.Explanation e) {
        return e.fires().stream().map(Fire::fate).toList();
    }

    @Test
    void eachFireHasItsFateAndItsEvidence() {
        Version v1 = new Version(1, gt("2026-11-01T10:00"), daily("0 0 23 * * ?"));
        List<Run> runs = List.of(
                run("r1", gt("2026-11-02T23:00"), Run.Trigger.SCHEDULE, Run.Result.SUCCESS, 1),
                run("r2", gt("2026-11-03T23:00"), Run.Trigger.SCHEDULE, Run.Result.SKIPPED, 1, "la ejecución anterior sigue activa"),
                run("r3", gt("2026-11-04T23:00"), Run.Trigger.SCHEDULE, Run.Result.MISSED, 1, "Respaldo no pudo disparar"),
                run("r6", gt("2026-11-07T23:00"), Run.Trigger.SCHEDULE, null, 1),
                run("m1", gt("2026-11-05T09:00"), Run.Trigger.MANUAL, Run.Result.SUCCESS, 1));
        // the only node started on the 6th at noon: nothing was up on the 5th at 23:00
        List<Node> nodes = List.of(new Node("n1", gt("2026-11-06T12:00"), gt("2026-11-08T23:30")));
        Instant now = gt("2026-11-08T23:01");
        var e = FireFates.explain(List.of(v1), runs, nodes, gt("2026-11-02T00:00"), gt("2026-11-10T00:00"), now, GRACE);
        assertThat(fates(e)).containsExactly(Fate.RAN, Fate.SKIPPED, Fate.MISSED, Fate.DOWN, Fate.NO_RECORD, Fate.IN_PROGRESS,
                Fate.DUE, Fate.PLANNED);
        assertThat(e.fires().get(0).run().id()).isEqualTo("r1");
        assertThat(e.fires().get(1).evidence()).extracting(FireFates.Evidence::es).contains("la ejecución anterior sigue activa");
        assertThat(e.fires().get(3).evidence()).extracting(FireFates.Evidence::es).anyMatch(s -> s.contains("arrancó después"));
        assertThat(e.fires().get(4).evidence()).extracting(FireFates.Evidence::en).anyMatch(s -> s.contains("was up"));
        assertThat(e.fires().get(0).local()).isEqualTo(LocalDateTime.parse("2026-11-02T23:00"));
        assertThat(e.others()).extracting(Run::id).containsExactly("m1");
        assertThat(e.registeredAt()).isEqualTo(v1.acceptedAt());
        assertThat(e.truncated()).isFalse();
    }

    @Test
    void theRangeIncludesItsStartAndExcludesItsEnd() {
        Version v1 = new Version(1, gt("2026-01-01T00:00"), daily("0 0 23 * * ?"));
        var e = FireFates.explain(List.of(v1), List.of(), List.of(), gt("2026-11-02T23:00"), gt("2026-11-04T23:00"),
                gt("2026-10-01T00:00"), GRACE);
        assertThat(e.fires()).extracting(Fire::at).containsExactly(gt("2026-11-02T23:00"), gt("2026-11-03T23:00"));
    }

    @Test
    void nothingIsExpectedBeforeTheFirstVersionWasAccepted() {
        Version v1 = new Version(1, gt("2026-11-03T12:00"), daily("0 0 23 * * ?"));
        var e = FireFates.explain(List.of(v1), List.of(), List.of(), gt("2026-11-01T00:00"), gt("2026-11-05T00:00"),
                gt("2026-10-01T00:00"), GRACE);
        assertThat(e.fires()).extracting(Fire::at).containsExactly(gt("2026-11-03T23:00"), gt("2026-11-04T23:00"));
        assertThat(e.changes()).isEmpty();
    }

    @Test
    void validityIncludesBothItsDaysAndNothingOutside() {
        Version v1 = new Version(1, gt("2026-01-01T00:00"), schedule("0 30 23 * * ?", GT, true, LocalDate.parse("2026-11-03"),
                LocalDate.parse("2026-11-04"), List.of()));
        var e = FireFates.explain(List.of(v1), List.of(), List.of(), gt("2026-11-02T00:00"), gt("2026-11-06T00:00"),
                gt("2026-10-01T00:00"), GRACE);
        assertThat(fates(e)).containsExactly(Fate.OUTSIDE_VALIDITY, Fate.PLANNED, Fate.PLANNED, Fate.OUTSIDE_VALIDITY);
        assertThat(e.fires().get(0).evidence().get(0).es()).contains("validFrom 2026-11-03");
        assertThat(e.fires().get(3).evidence().get(0).en()).contains("validUntil 2026-11-04");
    }

    @Test
    void aBlackoutCoversTheLocalDayOfItsZoneNotUtcs() {
        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        // 00:30 on the 24th in Auckland is the 23rd in UTC: the blackout of the 24th covers it
        Version v1 = new Version(1, Instant.parse("2026-01-01T00:00:00Z"), schedule("0 30 0 * * ?", auckland, true, null, null,
                List.of(new Schedule.Blackout.Day(LocalDate.parse("2026-12-24")), new Schedule.Blackout.Period(
                        LocalDateTime.parse("2026-12-26T00:00"), LocalDateTime.parse("2026-12-26T00:30")))));
        Instant from = LocalDateTime.parse("2026-12-23T00:00").atZone(auckland).toInstant();
        Instant to = LocalDateTime.parse("2026-12-28T00:00").atZone(auckland).toInstant();
        var e = FireFates.explain(List.of(v1), List.of(), List.of(), from, to, from.minusSeconds(3600), GRACE);
        // the period's end is excluded: 00:30 on the 26th is not covered
        assertThat(fates(e)).containsExactly(Fate.PLANNED, Fate.BLACKOUT, Fate.PLANNED, Fate.PLANNED, Fate.PLANNED);
        assertThat(e.fires().get(1).at()).isEqualTo(Instant.parse("2026-12-23T11:30:00Z"));
        assertThat(e.fires().get(1).evidence().get(0).es()).isEqualTo("blackouts[0]: 2026-12-24 (versión 1)");
        var covered = FireFates.explain(List.of(new Version(1, v1.acceptedAt(), schedule("0 15 0 * * ?", auckland, true, null, null,
                v1.schedule().blackouts()))), List.of(), List.of(), from, to, from, GRACE);
        assertThat(covered.fires().get(3).fate()).isEqualTo(Fate.BLACKOUT);
        assertThat(covered.fires().get(3).evidence().get(0).en()).startsWith("blackouts[1]: 2026-12-26T00:00 – 2026-12-26T00:30");
    }

    @Test
    void aVersionChangeMidRangeGovernsTheFiresAfterItsAcceptance() {
        Version v1 = new Version(1, gt("2026-01-01T00:00"), daily("0 0 23 * * ?"));
        Version v2 = new Version(2, gt("2026-11-03T12:00"), daily("0 0 22 * * ?"));
        Version v3 = new Version(3, gt("2026-11-05T12:00"), schedule("0 0 22 * * ?", GT, false, null, null, List.of()));
        List<Run> runs = List.of(run("a", gt("2026-11-02T23:00"), Run.Trigger.SCHEDULE, Run.Result.SUCCESS, 1),
                run("b", gt("2026-11-03T22:00"), Run.Trigger.SCHEDULE, Run.Result.FAILED, 2, "BD: falló"),
                // a run the old version's trigger recorded after the change: not a fire time of version 2
                run("c", gt("2026-11-04T23:00"), Run.Trigger.SCHEDULE, Run.Result.SUCCESS, 1));
        var e = FireFates.explain(List.of(v3, v1, v2), runs, List.of(new Node("n1", gt("2026-01-01T00:00"), gt("2026-11-08T00:00"))),
                gt("2026-11-02T00:00"), gt("2026-11-07T00:00"), gt("2026-11-08T00:00"), GRACE);
        assertThat(e.fires()).extracting(Fire::at).containsExactly(gt("2026-11-02T23:00"), gt("2026-11-03T22:00"),
                gt("2026-11-04T22:00"), gt("2026-11-04T23:00"), gt("2026-11-05T22:00"), gt("2026-11-06T22:00"));
        assertThat(e.fires()).extracting(Fire::version).containsExactly(1, 2, 2, 2, 3, 3);
        assertThat(fates(e)).containsExactly(Fate.RAN, Fate.RAN, Fate.NO_RECORD, Fate.RAN, Fate.DISABLED, Fate.DISABLED);
        assertThat(e.fires().get(1).firstOfVersion()).isTrue();
        assertThat(e.fires().get(2).firstOfVersion()).isFalse();
        assertThat(e.fires().get(3).expected()).isFalse();
        assertThat(e.fires().get(3).evidence()).extracting(FireFates.Evidence::es)
                .anyMatch(s -> s.contains("no es de la expresión cron")).anyMatch(s -> s.contains("usó la versión 1, no la 2"));
        assertThat(e.fires().get(4).evidence().get(0).es()).contains("enabled: false");
        assertThat(e.changes()).hasSize(2);
        assertThat(e.changes().get(0).changed()).extracting(FireFates.Evidence::es).containsExactly("cron: 0 0 23 * * ? → 0 0 22 * * ?");
        assertThat(e.changes().get(1).changed()).extracting(FireFates.Evidence::es).containsExactly("deshabilitada (enabled: false)");
    }

    @Test
    void clockChangesInAZoneWithDaylightSavingFollowQuartz() {
        ZoneId ny = ZoneId.of("America/New_York");
        // 2026-03-08 02:30 does not exist in New York (02:00 → 03:00); 2026-11-01 01:30 happens twice
        Version spring = new Version(1, Instant.parse("2026-01-01T00:00:00Z"), schedule("0 30 2 * * ?", ny, true, null, null,
                List.of()));
        var s = FireFates.explain(List.of(spring), List.of(), List.of(), ZonedDateTime.of(2026, 3, 7, 0, 0, 0, 0, ny).toInstant(),
                ZonedDateTime.of(2026, 3, 10, 0, 0, 0, 0, ny).toInstant(), Instant.parse("2026-01-01T00:00:00Z"), GRACE);
        assertThat(s.fires()).extracting(f -> f.local().toLocalDate()).doesNotHaveDuplicates();
        assertThat(s.fires()).allSatisfy(f -> assertThat(f.local()).isEqualTo(LocalDateTime.ofInstant(f.at(), ny)));
        assertThat(s.fires()).extracting(f -> f.local().toLocalDate().toString()).doesNotContain("2026-03-08");
        Version fall = new Version(1, Instant.parse("2026-01-01T00:00:00Z"), schedule("0 30 1 * * ?", ny, true, null, null, List.of()));
        var f = FireFates.explain(List.of(fall), List.of(), List.of(), ZonedDateTime.of(2026, 10, 31, 0, 0, 0, 0, ny).toInstant(),
                ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ny).toInstant(), Instant.parse("2026-01-01T00:00:00Z"), GRACE);
        assertThat(f.fires()).extracting(x -> x.local().toLocalDate().toString()).contains("2026-10-31", "2026-11-01", "2026-11-02");
        assertThat(f.fires()).extracting(Fire::at).isSorted().doesNotHaveDuplicates();
        // what Quartz's own expression gives is what is expected (the trigger fires by it)
        assertThat(f.fires()).extracting(Fire::at).containsExactlyElementsOf(quartz("0 30 1 * * ?", ny, f.fires().get(0).at(),
                ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ny).toInstant()));
        assertThat(s.fires()).extracting(Fire::at).containsExactlyElementsOf(quartz("0 30 2 * * ?", ny, s.fires().get(0).at(),
                ZonedDateTime.of(2026, 3, 10, 0, 0, 0, 0, ny).toInstant()));
    }

    static List<Instant> quartz(String cron, ZoneId zone, Instant first, Instant end) {
        try {
            org.quartz.CronExpression c = new org.quartz.CronExpression(cron);
            c.setTimeZone(java.util.TimeZone.getTimeZone(zone));
            List<Instant> out = new java.util.ArrayList<>();
            java.util.Date d = c.getNextValidTimeAfter(java.util.Date.from(first.minusMillis(1)));
            while (d != null && d.toInstant().isBefore(end)) {
                out.add(d.toInstant());
                d = c.getNextValidTimeAfter(d);
            }
            return out;
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDenseCronIsCutAtTheLimitAndSaysSo() {
        Version v1 = new Version(1, gt("2026-01-01T00:00"), daily("0 * * * * ?"));
        var e = FireFates.explain(List.of(v1), List.of(), List.of(), gt("2026-11-02T00:00"), gt("2026-11-05T00:00"),
                gt("2026-11-01T00:00"), GRACE);
        assertThat(e.fires()).hasSize(FireFates.MAX_FIRES);
        assertThat(e.truncated()).isTrue();
    }
}
