package org.respaldo.metrics;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the schedule files the intake (route {@code schedule-intake}) finished with, by outcome:
 * accepted, unchanged (byte-identical to the active version), rejected, failed (an internal error: the
 * file went to inbox/.failed). A file put off for a later look ("later") is counted when it is done.
 * Hears Camel's exchange-completed events; no step is added to the intake route.
 */
final class IntakeCounter extends EventNotifierSupport {

    static final String ROUTE = "schedule-intake";
    /** The header the intake sets (ScheduleIntake.OUTCOME). */
    static final String OUTCOME = "RespaldoIntakeOutcome";
    static final Set<String> OUTCOMES = Set.of("accepted", "unchanged", "rejected", "failed");

    private final RespaldoMetrics metrics;

    IntakeCounter(RespaldoMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (!ROUTE.equals(exchange.getFromRouteId()) || exchange.getProperty(Exchange.CORRELATION_ID) != null) {
            return; // another route, or the wire-tapped copy that carries the mail
        }
        String outcome;
        if (event instanceof CamelEvent.ExchangeFailedEvent || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
            outcome = "failed";
        } else {
            outcome = exchange.getMessage().getHeader(OUTCOME, String.class);
        }
        if (outcome != null && OUTCOMES.contains(outcome)) {
            metrics.intakeFile(outcome);
        }
    }
}
