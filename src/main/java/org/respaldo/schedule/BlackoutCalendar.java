package org.respaldo.schedule;

import java.time.ZoneId;

import org.quartz.impl.calendar.BaseCalendar;

/**
 * A Quartz calendar that excludes a schedule's blackout dates and periods (in the schedule's
 * time zone). Quartz's JDBC JobStore keeps it serialized, so it holds only plain data: each blackout
 * as an interval of epoch milliseconds, computed once in the schedule's zone. Validity is applied
 * through the trigger's start and end times instead, so that Quartz never searches past a
 * schedule's last valid day.
 */
public class BlackoutCalendar extends BaseCalendar {

    private static final long serialVersionUID = 2L;

    /** [from, to) pairs in epoch milliseconds, in the order of the schedule's blackouts. */
    private final long[] excluded;

    public BlackoutCalendar(Schedule schedule) {
        ZoneId zone = schedule.timezone();
        excluded = new long[schedule.blackouts().size() * 2];
        int i = 0;
        for (Schedule.Blackout b : schedule.blackouts()) {
            if (b instanceof Schedule.Blackout.Day d) {
                excluded[i++] = d.date().atStartOfDay(zone).toInstant().toEpochMilli();
                excluded[i++] = d.date().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            } else if (b instanceof Schedule.Blackout.Period p) {
                excluded[i++] = p.from().atZone(zone).toInstant().toEpochMilli();
                excluded[i++] = p.to().atZone(zone).toInstant().toEpochMilli();
            }
        }
        setDescription("blackouts of " + schedule.id());
    }

    @Override
    public boolean isTimeIncluded(long timeStamp) {
        for (int i = 0; i < excluded.length; i += 2) {
            if (timeStamp >= excluded[i] && timeStamp < excluded[i + 1]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long getNextIncludedTime(long timeStamp) {
        long t = timeStamp + 1;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int i = 0; i < excluded.length; i += 2) {
                if (t >= excluded[i] && t < excluded[i + 1]) {
                    t = excluded[i + 1];
                    moved = true;
                }
            }
        }
        return t;
    }
}
