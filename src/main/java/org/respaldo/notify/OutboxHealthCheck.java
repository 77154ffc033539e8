package org.respaldo.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.respaldo.outbox.Outbox;

/**
 * {@code mail-outbox}: the pending mails and the age of the oldest; DOWN while a mail that gave up
 * is younger than {@code respaldo.mail.retry.give-up-after} (someone was not told something). A
 * liveness check only: the schedules' readiness stays as it is.
 */
public final class OutboxHealthCheck extends AbstractHealthCheck {

    private final Outbox outbox;
    private final Duration window;
    private final Clock clock;

    public OutboxHealthCheck(Outbox outbox, Duration window, Clock clock) {
        super("respaldo", "mail-outbox");
        this.outbox = outbox;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        Outbox.Stats s = outbox.stats(now.minus(window));
        builder.detail("pending", s.pending());
        builder.detail("oldestPendingSeconds", s.oldestPending() == null ? 0 : Duration.between(s.oldestPending(), now).toSeconds());
        builder.detail("failed", s.failedSince());
        if (s.failedSince() > 0) {
            builder.message(s.failedSince() + " mail(s) gave up (GET /api/mails?status=failed)").down();
        } else {
            builder.up();
        }
    }
}
