package org.respaldo.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The one retry policy: the pause after the n-th consecutive failure is {@code first} doubled
 * (n-1) times, never more than {@code max}, with up to {@code jitter} of it taken off at random so
 * that many waiters that failed together do not retry together.
 */
public record Backoff(Duration first, Duration max, double jitter) {

    public Backoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= first <= max, got " + first + " and " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /** Without jitter. */
    public static Backoff of(Duration first, Duration max) {
        return new Backoff(first, max, 0);
    }

    /** The pause without jitter after {@code failures} consecutive failures (1 = the first). */
    public Duration nominal(int failures) {
        long ms = first.toMillis();
        for (int i = 1; i < failures && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    /** The pause after {@code failures} consecutive failures, with jitter. */
    public Duration delay(int failures, RandomGenerator random) {
        Duration d = nominal(failures);
        if (jitter == 0 || d.isZero()) {
            return d;
        }
        long ms = d.toMillis();
        return Duration.ofMillis(ms - (long) (ms * jitter * random.nextDouble()));
    }

    public Duration delay(int failures) {
        return delay(failures, RandomGenerator.getDefault());
    }
}
