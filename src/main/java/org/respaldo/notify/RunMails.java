package org.respaldo.notify;

import java.time.ZonedDateTime;
import java.util.Optional;

import org.respaldo.outbox.Mail;
import org.respaldo.run.Run;
import org.respaldo.run.RunNotices;
import org.respaldo.schedule.Schedule;

/** The run's mails (steps 3 and 7, and missed fires), composed by {@link MailComposer} for the run's outbox writes. */
public final class RunMails implements RunNotices {

    private final MailComposer composer;

    public RunMails(MailComposer composer) {
        this.composer = composer;
    }

    @Override
    public Optional<Mail> started(Schedule schedule, Run run) {
        return Optional.ofNullable(composer.started(schedule, run));
    }

    @Override
    public Mail concluded(Schedule schedule, Run run, ZonedDateTime nextFire, byte[] report) {
        return composer.concluded(schedule, run, nextFire, report);
    }

    @Override
    public Mail missed(Schedule schedule, Run run, ZonedDateTime nextFire) {
        return composer.missed(schedule, run, nextFire);
    }
}
