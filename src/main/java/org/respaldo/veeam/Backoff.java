package org.respaldo.veeam;

import java.time.Duration;

/** Exponential pauses: {@code first}, doubled after each failure, never longer than {@code max}. */
record Backoff(Duration first, Duration max) implements TokenManager.Backoff {

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
    static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VeeamException("interrupted while waiting to retry a Veeam request", e);
        }
    }
}
