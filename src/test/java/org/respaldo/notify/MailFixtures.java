package org.respaldo.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.respaldo.run.Run;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Schedule;

/** Schedules and runs as the run pipeline hands them to the mail room. */
final class MailFixtures {

    static final ZoneId GUATEMALA = ZoneId.of("America/Guatemala");
    static final Instant FIRE = Instant.parse("2026-11-24T05:00:00Z"); // 23:00 in Guatemala, 23 Nov
    static final String RUN_ID = "run-20261123-2300-a1b2";

    private MailFixtures() {
    }

    static Schedule schedule(String language, List<String> technicians) {
        return schedule("respaldo-nocturno-bd", "Backup nocturno de las bases de datos", language, technicians);
    }

    static Schedule schedule(String id, String title, String language, List<String> technicians) {
        return new Schedule(1, id, title, "operaciones.ti@mineco.gob.gt", true, "0 0 23 ? * MON-FRI", GUATEMALA, null, null,
                new Schedule.Window(LocalTime.of(22, 0), LocalTime.of(4, 0)), Duration.ofHours(5), List.of(),
                new Schedule.VeeamTarget("principal", List.of("BD-SQLServer-Produccion", "BD-Oracle-SIAF"), false, false),
                new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 200),
                new Schedule.Notify("director.ti@mineco.gob.gt", technicians, language),
                new Schedule.Retry(2, Duration.ofMinutes(15)), Schedule.Overlap.SKIP);
    }

    static ActiveSchedule active(Schedule s) {
        return new ActiveSchedule(s, 3, Instant.parse("2026-11-23T16:30:00Z"), "respaldo-nocturno-bd.yaml", "a".repeat(64));
    }

    static Run.Job job(String name, Run.JobResult result, int startMinute, int minutes, String message) {
        Instant start = FIRE.plusSeconds(5 + startMinute * 60L);
        return new Run.Job(name, "job-" + name, "principal", Run.JobState.DONE, "session-" + name, result, start,
                start.plus(Duration.ofMinutes(minutes).plusSeconds(7)), 1, message, List.of(), start, null, null, 0, null,
                "STOPPED", 100);
    }

    static final Run.Target TARGET = new Run.Target("Backup nocturno de las bases de datos", "principal", "Repositorio-CD-Local",
            "D:\\Backups");

    static Run run(Run.Result result, List<String> reasons, List<Run.Job> jobs) {
        return run(RUN_ID, Run.Trigger.SCHEDULE, result, reasons, jobs);
    }

    static Run run(String id, Run.Trigger trigger, Run.Result result, List<String> reasons, List<Run.Job> jobs) {
        return new Run(id, "respaldo-nocturno-bd", 3, trigger, FIRE, FIRE, FIRE.plusSeconds(2), FIRE.plus(Duration.ofMinutes(42)),
                FIRE.plus(Duration.ofHours(5)), Run.Status.NOTIFYING, result, reasons, "nodo-1", null, TARGET, List.of(), jobs);
    }

    static Run started() {
        return new Run(RUN_ID, "respaldo-nocturno-bd", 3, Run.Trigger.SCHEDULE, FIRE, FIRE, FIRE.plusSeconds(2), null,
                FIRE.plus(Duration.ofHours(5)), Run.Status.RUNNING, null, List.of(), "nodo-1", null, TARGET, List.of(), List.of());
    }

    static byte[] report() {
        return ("{\"id\":\"" + RUN_ID + "\",\"scheduleId\":\"respaldo-nocturno-bd\",\"result\":\"SUCCESS\",\"jobs\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
