package org.respaldo.notify;

import java.time.ZonedDateTime;
import java.util.List;

import org.apache.camel.Exchange;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Problem;
import org.respaldo.schedule.ScheduleIntake;
import org.respaldo.schedule.ScheduleRegistry;

/**
 * The intake's mails: after {@code scheduleIntake} decided a file's fate, composes the
 * {@code accepted} mail (to the owner) or the {@code rejected} one (to the owner, or to
 * {@code respaldo.mail.fallback-address} when the file has no readable owner). Returns null
 * when there is nothing to send: an unchanged re-drop, or a rejection nobody can be told of.
 */
public final class IntakeMail {

    private final MailComposer composer;
    private final ScheduleRegistry registry;
    private final String fallbackAddress;

    public IntakeMail(MailComposer composer, ScheduleRegistry registry, String fallbackAddress) {
        this.composer = composer;
        this.registry = registry;
        this.fallbackAddress = fallbackAddress;
    }

    @SuppressWarnings("unchecked")
    public Mail compose(Exchange exchange) {
        String outcome = exchange.getMessage().getHeader(ScheduleIntake.OUTCOME, String.class);
        if ("accepted".equals(outcome)) {
            ActiveSchedule active = exchange.getProperty(ScheduleIntake.ACTIVE, ActiveSchedule.class);
            List<String> warnings = exchange.getProperty(ScheduleIntake.WARNINGS, List.class);
            ZonedDateTime next = active.schedule().enabled() ? registry.triggers().nextFireTime(active.schedule()) : null;
            return composer.accepted(active, warnings == null ? List.of() : warnings, next);
        }
        if ("rejected".equals(outcome)) {
            List<Problem> problems = exchange.getProperty(ScheduleIntake.PROBLEMS, List.class);
            String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            return composer.rejected(file, exchange.getProperty(ScheduleIntake.OWNER, String.class),
                    problems == null ? List.of() : problems, fallbackAddress);
        }
        return null;
    }
}
