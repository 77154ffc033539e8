package org.respaldo.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.RunReports;
import org.respaldo.run.RunStore;
import org.respaldo.time.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims the due mails, hands each to {@code direct:notify-send} (SMTP) and
 * records what happened. A mail the SMTP server did not accept is tried again with exponential
 * back-off ({@code respaldo.mail.retry.*}) until it is accepted or gives up; the Director's
 * conclusion mail, when it is accepted or gives up, concludes its run in the same transaction.
 * Called by the {@code mail-outbox} route (a timer, one thread); every node may drain the same
 * outbox (a claim lease keeps two nodes from sending one mail). The first drain gives back what
 * this node's previous process had claimed and not recorded, so that a restart after a crash
 * sends those mails at once rather than when their lease runs out.
 */
public final class OutboxSender {

    /** The header {@code direct:notify-send} reads the Message-ID from. */
    public static final String MESSAGE_ID = "RespaldoMessageId";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    /** How the sender retries. */
    public record Policy(Backoff backoff, Duration giveUpAfter, Duration lease, int batch) {
    }

    private final Outbox outbox;
    private final RunStore runs;
    private final RunReports reports;
    private final ProducerTemplate producer;
    private final Policy policy;
    private final String node;
    private final Clock clock;
    private final java.util.concurrent.ExecutorService senders;
    /** Whether the claims this node's previous process left were given back (the first drain does it). */
    private boolean ownClaimsReleased;

    /** @param senders the threads that talk to the SMTP server (a batch of due mails goes out in parallel) */
    public OutboxSender(Outbox outbox, RunStore runs, RunReports reports, ProducerTemplate producer, Policy policy, String node,
            Clock clock, java.util.concurrent.ExecutorService senders) {
        this.outbox = outbox;
        this.runs = runs;
        this.reports = reports;
        this.producer = producer;
        this.policy = policy;
        this.node = node;
        this.clock = clock;
        this.senders = senders;
    }

    /**
     * Sends every due mail; returns how many were accepted. When the server accepts a mail after
     * refusals, the whole backlog becomes due at once (it goes out now, oldest first).
     */
    public int drain() {
        if (!ownClaimsReleased) {
            int n = outbox.releaseClaimsOf(node);
            if (n > 0) {
                LOG.info("{} mail(s) this node's previous process was sending when it stopped are due again", n);
            }
            ownClaimsReleased = true;
        }
        int sent = 0;
        while (true) {
            List<Outbox.Claimed> due = outbox.claimDue(node, policy.batch(), policy.lease());
            if (due.isEmpty()) {
                return sent;
            }
            boolean recovered = false;
            int failed = 0;
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (Outbox.Claimed c : due) {
                results.add(senders.submit(() -> send(c)));
            }
            for (int i = 0; i < due.size(); i++) {
                boolean ok;
                try {
                    ok = results.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return sent;
                }
                if (ok) {
                    sent++;
                    recovered |= due.get(i).entry().attempts() > 0;
                } else {
                    failed++;
                }
            }
            if (recovered) {
                int n = outbox.retryBacklogNow();
                if (n > 0) {
                    LOG.info("The SMTP server accepts mail again: {} waiting mail(s) go out now", n);
                }
                continue;
            }
            if (due.size() < policy.batch() || failed > 0) {
                return sent;
            }
        }
    }

    private boolean send(Outbox.Claimed c) {
        Outbox.Entry e = c.entry();
        try {
            producer.requestBodyAndHeader("direct:notify-send", c.mail(), MESSAGE_ID, e.messageId());
        } catch (RuntimeException ex) {
            failed(e, describe(ex));
            return false;
        }
        Instant now = clock.instant();
        if (e.concludesRun() && e.runId() != null) {
            runs.directorReached(e.runId(), e.id(), now);
            reports.writeQuietly(e.runId());
            LOG.info("Run {} CONCLUDED: the Director's mail was accepted ({} attempt(s))", e.runId(), e.attempts() + 1);
        } else {
            outbox.markSent(e.id());
        }
        return true;
    }

    private void failed(Outbox.Entry e, String error) {
        Instant now = clock.instant();
        int attempts = e.attempts() + 1;
        if (!now.isBefore(e.createdAt().plus(policy.giveUpAfter()))) {
            LOG.error("Correo abandonado / mail given up: '{}' ({}) to {} after {} attempts over {}: {}. It stays in the outbox as"
                    + " FAILED (GET /api/mails?status=failed).", e.subject(), e.event(), e.recipients(), attempts,
                    policy.giveUpAfter(), error);
            if (e.concludesRun() && e.runId() != null) {
                runs.directorNotReached(e.runId(), e.id(), error, "no se pudo avisar al Director: el correo de conclusión no fue"
                        + " aceptado por el servidor SMTP tras " + attempts + " intentos (" + error + ") / the Director could not be"
                        + " reached: the conclusion mail was not accepted by the SMTP server after " + attempts + " attempts");
                reports.writeQuietly(e.runId());
            } else {
                outbox.markFailed(e.id(), error);
            }
            return;
        }
        Instant next = now.plus(policy.backoff().delay(attempts));
        if (next.isAfter(e.createdAt().plus(policy.giveUpAfter()))) {
            next = e.createdAt().plus(policy.giveUpAfter());
        }
        outbox.markRetry(e.id(), next, error);
        LOG.warn("Correo no enviado / mail not sent: '{}' ({}) to {}: {}. Attempt {}; next at {}. Check respaldo.mail.host/port/"
                + "security/username and that the SMTP server accepts mail from this host.", e.subject(), e.event(), e.recipients(),
                error, attempts, next);
    }

    /** Every message of an exception chain, on one line, without stack traces (mail servers never echo a password). */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 6) {
            if (!(t instanceof org.apache.camel.CamelExecutionException)) {
                if (b.length() > 0) {
                    b.append("; caused by ");
                }
                b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String s = b.toString().replaceAll("\\s+", " ");
        return s.length() > 2000 ? s.substring(0, 1999) + "…" : s;
    }
}
