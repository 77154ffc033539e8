package org.respaldo.schedule;

import java.time.Instant;

/** A trigger fire handed to the run pipeline ({@code direct:run}). */
public record Fire(String scheduleId, int scheduleVersion, Instant scheduledFireTime, Instant actualFireTime) {
}
