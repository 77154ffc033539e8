package org.respaldo.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand (UTC); safe to read from other threads. */
public final class HandClock extends Clock {

    private volatile Instant now;

    public HandClock(Instant start) {
        this.now = start;
    }

    public HandClock(String start) {
        this(Instant.parse(start));
    }

    public void set(Instant t) {
        now = t;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
