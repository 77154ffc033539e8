package org.respaldo.time;

import java.time.Instant;

/**
 * Runs work at a moment, without a thread waiting for it: how every wait of Respaldo (between
 * polls, before a retry, for an earlier run) is expressed. Injected, so that tests move time
 * instead of waiting for it.
 */
public interface Timer {

    /** Runs {@code task} at {@code when} (at once if it is past). */
    void at(Instant when, Runnable task);
}
