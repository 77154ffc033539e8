package org.respaldo.run;

import java.time.ZonedDateTime;
import java.util.Optional;

import org.respaldo.outbox.Mail;
import org.respaldo.schedule.Schedule;

/**
 * The mails of a run, as the run needs them (composed by the mail room, notify/, which implements
 * this; the run writes them into the outbox with the state change that causes them).
 */
public interface RunNotices {

    /** Step 3: the instructions to the technicians; empty when the schedule names none. */
    Optional<Mail> started(Schedule schedule, Run run);

    /** Step 7: the result to the Director and the technicians, with the JSON report attached. */
    Mail concluded(Schedule schedule, Run run, ZonedDateTime nextFire, byte[] report);

    /** A fire that could not run (result MISSED), to the Director and the technicians. */
    Mail missed(Schedule schedule, Run run, ZonedDateTime nextFire);
}
