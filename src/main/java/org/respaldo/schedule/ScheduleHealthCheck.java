package org.respaldo.schedule;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Ready once every stored schedule is loaded and its trigger registered. */
public final class ScheduleHealthCheck extends AbstractHealthCheck {

    private final ScheduleRegistry registry;

    public ScheduleHealthCheck(ScheduleRegistry registry) {
        super("respaldo", "schedules");
        this.registry = registry;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schedules", registry.size());
        if (registry.isLoaded()) {
            builder.up();
        } else {
            builder.message("schedules are still being loaded").down();
        }
    }
}
