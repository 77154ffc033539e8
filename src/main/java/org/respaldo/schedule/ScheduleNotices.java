package org.respaldo.schedule;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.respaldo.outbox.Mail;

/**
 * The mail that tells a schedule's owner a version was accepted, composed by the mail room
 * (notify/, which implements this) and written into the outbox in the transaction that stores the
 * version.
 */
public interface ScheduleNotices {

    /** Nothing to tell (tests, tools). */
    ScheduleNotices NONE = (active, warnings, next) -> Optional.empty();

    Optional<Mail> accepted(ActiveSchedule active, List<String> warnings, ZonedDateTime nextFire);
}
