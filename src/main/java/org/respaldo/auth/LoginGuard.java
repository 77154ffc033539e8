package org.respaldo.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Five failed logins in a row lock the user for 15 minutes (both settings); a good login clears the count. Kept
 * in this process (a cluster node counts its own). The name is compared without regard to case.
 */
public final class LoginGuard {

    private record Count(int failures, Instant lockedUntil) {
    }

    /** What a failed login did: counted, or it locked the user (until when). */
    public record Failure(int failures, Optional<Instant> lockedUntil) {
    }

    private final Clock clock;
    private final int maxFailures;
    private final Duration lock;
    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    public LoginGuard(Clock clock, int maxFailures, Duration lock) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lock = lock;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Until when the user is locked; empty when they may try. */
    public Optional<Instant> lockedUntil(String name) {
        Count c = counts.get(key(name));
        if (c == null || c.lockedUntil() == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(c.lockedUntil())) {
            counts.remove(key(name), c);
            return Optional.empty();
        }
        return Optional.of(c.lockedUntil());
    }

    public Failure failed(String name) {
        Count c = counts.compute(key(name), (k, old) -> {
            int n = (old == null || old.lockedUntil() != null ? 0 : old.failures()) + 1;
            return new Count(n, n >= maxFailures ? clock.instant().plus(lock) : null);
        });
        return new Failure(c.failures(), Optional.ofNullable(c.lockedUntil()));
    }

    public void succeeded(String name) {
        counts.remove(key(name));
    }
}
