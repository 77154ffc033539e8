package org.respaldo.notify;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.respaldo.outbox.Mail;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.ScheduleNotices;

/** The owner's mail when a schedule version is accepted, written into the outbox with the version. */
public final class AcceptanceMails implements ScheduleNotices {

    private final MailComposer composer;

    public AcceptanceMails(MailComposer composer) {
        this.composer = composer;
    }

    @Override
    public Optional<Mail> accepted(ActiveSchedule active, List<String> warnings, ZonedDateTime nextFire) {
        return Optional.of(composer.accepted(active, warnings, nextFire));
    }
}
