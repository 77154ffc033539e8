package org.respaldo.notify;

import java.util.List;

import org.apache.camel.Exchange;
import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.schedule.Problem;
import org.respaldo.schedule.ScheduleIntake;

/**
 * The intake's rejection mail: after {@code scheduleIntake} rejected a file, the mail to the owner
 * (or to {@code respaldo.mail.fallback-address} when the file has no readable owner) goes into the
 * outbox. Nobody to tell is not an error (the reason file stays in the inbox). The acceptance mail is
 * written with the accepted version itself (see {@link AcceptanceMails}).
 */
public final class IntakeMail {

    private final MailComposer composer;
    private final Outbox outbox;
    private final String fallbackAddress;

    public IntakeMail(MailComposer composer, Outbox outbox, String fallbackAddress) {
        this.composer = composer;
        this.outbox = outbox;
        this.fallbackAddress = fallbackAddress;
    }

    /** The mail for a rejected file, or null when there is nobody to tell. */
    @SuppressWarnings("unchecked")
    public Mail compose(Exchange exchange) {
        if (!"rejected".equals(exchange.getMessage().getHeader(ScheduleIntake.OUTCOME, String.class))) {
            return null;
        }
        List<Problem> problems = exchange.getProperty(ScheduleIntake.PROBLEMS, List.class);
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return composer.rejected(file, exchange.getProperty(ScheduleIntake.OWNER, String.class),
                problems == null ? List.of() : problems, fallbackAddress);
    }

    /** Composes the rejection mail and writes it into the outbox; returns its id, or -1 when there is nobody to tell. */
    public long enqueue(Exchange exchange) {
        Mail mail = compose(exchange);
        return mail == null ? -1 : outbox.enqueue(mail);
    }
}
