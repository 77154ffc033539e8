package org.respaldo.metrics;

import java.util.Map;

/**
 * Which schedules have gone longer than their RPO without a good run (issue 9, "no recent backup"):
 * schedule id → breached. When a bean of this type is in the Camel registry, the metrics show it as
 * {@code respaldo_schedule_rpo_breached{schedule}} (1 breached, 0 not); without one that gauge is absent.
 * Called once per metrics refresh: it should answer from what it already knows, cheaply.
 */
public interface RpoBreaches {

    Map<String, Boolean> breaches();
}
