package org.respaldo.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Timer}: one scheduler thread that only starts tasks (they hand their work
 * to a worker pool), so any number of waiting runs holds no thread.
 */
public final class ScheduledTimer implements Timer {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledTimer.class);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public ScheduledTimer(ScheduledExecutorService scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void at(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("A timed task failed: {}", e.toString(), e);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the work stays in the database and is picked up at the next start
        }
    }
}
