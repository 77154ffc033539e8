package org.respaldo.schedule;

import java.time.Instant;

/** The version of a schedule that is in force, with where it came from. */
public record ActiveSchedule(Schedule schedule, int version, Instant acceptedAt, String sourceFile, String sha256) {

    public String id() {
        return schedule.id();
    }
}
