package org.respaldo.veeam;

import java.time.Duration;

/**
 * How the client waits between the attempts of a request and between the polls of a session: injected (like
 * the clock), so that a test of a long back-off takes no time. {@link #REAL} is the thread's own sleep.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code d} (nothing when zero or negative); an interrupt ends the wait. */
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
