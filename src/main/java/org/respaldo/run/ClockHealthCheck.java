package org.respaldo.run;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code clock}: how far this node's clock is from the database's (the time every node of a
 * cluster shares), measured at each heartbeat; DOWN beyond {@link RunEngine#CLOCK_TOLERANCE_MILLIS}.
 * A readiness check: a node with a wrong clock still fires each schedule once (heartbeats and
 * failover use the database's clock), but its mails and pages show wrong times until NTP is fixed.
 */
public final class ClockHealthCheck extends AbstractHealthCheck {

    private final RunEngine engine;

    public ClockHealthCheck(RunEngine engine) {
        super("respaldo", "clock");
        this.engine = engine;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long offset = engine.clockOffsetMillis();
        builder.detail("offsetMillis", offset);
        builder.detail("toleranceMillis", RunEngine.CLOCK_TOLERANCE_MILLIS);
        if (Math.abs(offset) > RunEngine.CLOCK_TOLERANCE_MILLIS) {
            builder.message("this node's clock is " + offset + " ms off the database's: fix its time synchronisation (NTP)").down();
        } else {
            builder.up();
        }
    }
}
