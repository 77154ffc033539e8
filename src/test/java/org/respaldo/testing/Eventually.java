package org.respaldo.testing;

import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;

/** Waits for something a user would see (a moved file, an API answer) to become true. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(Duration timeout, String what, Supplier<Boolean> condition) {
        await(timeout, Duration.ofMillis(50), what, condition);
    }

    /** Same, looking every {@code every} (for checks that cost the application something, such as a long list). */
    public static void await(Duration timeout, Duration every, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting for " + what);
            }
        }
        Assertions.fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }
}
