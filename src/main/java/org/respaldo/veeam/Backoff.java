package org.respaldo.veeam;

import java.time.Duration;

/**
 * Exponential pauses: {@code first}, doubled after each failure, never longer than {@code max}, waited
 * through the injected {@link Sleeper}.
 */
record Backoff(Duration first, Duration max, Sleeper sleeper) implements TokenManager.Backoff {

    Backoff(Duration first, Duration max) {
        this(first, max, Sleeper.REAL);
    }

    Duration delay(int failures) {
        long ms = first.toMillis();
        for (int i = 1; i < failures && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    @Override
    public void pause(int failures) {
        sleep(delay(failures));
    }

    /** Sleeps; an interrupt ends the wait and surfaces as a {@link VeeamException} with the flag kept. */
    void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VeeamException("interrupted while waiting to retry a Veeam request", e);
        }
    }
}
