package org.respaldo.metrics;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Counts the schedule files the intake (route {@code schedule-intake}) finished with, by outcome:
 * accepted, unchanged (byte-identical to the active version), rejected, failed (an internal error: the
 * file went to inbox/.failed). A file put off for a later look ("later") is counted when it is done.
 * A route policy on that route alone (its exchange done once per file; the wire-tapped copy that carries
 * the mail is another route's); no step is added to the intake route.
 */
final class IntakeCounter extends RoutePolicySupport {

    static final String ROUTE = "schedule-intake";
    /** The header the intake sets (ScheduleIntake.OUTCOME). */
    static final String OUTCOME = "RespaldoIntakeOutcome";
    static final Set<String> OUTCOMES = Set.of("accepted", "unchanged", "rejected", "failed");

    private final RespaldoMetrics metrics;

    IntakeCounter(RespaldoMetrics metrics) {
        this.metrics = metrics;
    }

    /** The factory that puts this policy on route {@code schedule-intake} only. */
    RoutePolicyFactory factory() {
        return new RoutePolicyFactory() {
            @Override
            public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
                return ROUTE.equals(routeId) ? IntakeCounter.this : null;
            }
        };
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        String outcome;
        if (exchange.getException() != null || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
            outcome = "failed";
        } else {
            outcome = exchange.getMessage().getHeader(OUTCOME, String.class);
        }
        if (outcome != null && OUTCOMES.contains(outcome)) {
            metrics.intakeFile(outcome);
        }
    }
}
