package org.respaldo.schedule;

import java.time.Instant;
import java.time.LocalDateTime;

import org.quartz.impl.calendar.BaseCalendar;

/**
 * A Quartz calendar that excludes a schedule's blackout dates and periods (in the schedule's
 * time zone). Validity is applied through the trigger's start and end times instead, so that
 * Quartz never searches past a schedule's last valid day.
 */
public class BlackoutCalendar extends BaseCalendar {

    private static final long serialVersionUID = 1L;

    private final transient Schedule schedule;

    public BlackoutCalendar(Schedule schedule) {
        this.schedule = schedule;
        setDescription("blackouts of " + schedule.id());
    }

    @Override
    public boolean isTimeIncluded(long timeStamp) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(timeStamp), schedule.timezone());
        for (Schedule.Blackout b : schedule.blackouts()) {
            if (b.covers(local)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long getNextIncludedTime(long timeStamp) {
        long t = timeStamp + 1;
        // step a minute at a time: blackouts are whole days or minute-precise periods
        for (int i = 0; i < 60 * 24 * 400 && !isTimeIncluded(t); i++) {
            t += 60_000;
        }
        return t;
    }
}
