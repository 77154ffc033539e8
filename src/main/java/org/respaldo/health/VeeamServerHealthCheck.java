package org.respaldo.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code veeam-<alias>}: what the latest check of one Veeam server found (see {@link VeeamHealth}), with
 * the details (API revision, build, certificate's end, repositories). UNKNOWN until the first check. A
 * <em>readiness</em> check, never a liveness one: restarting Respaldo does not bring a Veeam server back,
 * so nothing should restart it for that. It turns DOWN only once the server has been unusable (no answer,
 * API revision or login refused, repositories unreadable) for longer than
 * {@code respaldo.veeam.health-down-after} (default: {@code respaldo.run.veeam-wait}, after which runs on
 * it are skipped): a short outage, or a start-up before Veeam is up, keeps it UP with the problem and
 * {@code unusableSince} in the details. While it is DOWN the node still accepts schedules, records runs
 * and mails (as skipped), so it is "not ready" only in that its backups cannot happen; the metric
 * {@code respaldo_veeam_up} says 0 from the first failed check.
 */
public final class VeeamServerHealthCheck extends AbstractHealthCheck {

    private final VeeamHealth health;
    private final String alias;

    public VeeamServerHealthCheck(VeeamHealth health, String alias) {
        super("respaldo", "veeam-" + alias);
        this.health = health;
        this.alias = alias;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("server", alias);
        ServerHealth h = health.latest(alias).orElse(null);
        if (h == null) {
            builder.message("not checked yet (every " + health.settings().interval() + ")").unknown();
            return;
        }
        builder.detail("checkedAt", h.checkedAt().toString());
        if (h.apiVersion() != null) {
            builder.detail("apiVersion", h.apiVersion());
        }
        if (h.buildVersion() != null) {
            builder.detail("buildVersion", h.buildVersion());
        }
        if (h.certificateNotAfter() != null) {
            builder.detail("certificateNotAfter", h.certificateNotAfter().toString());
        }
        builder.detail("repositories", h.repositories().size());
        if (h.up()) {
            builder.up();
            return;
        }
        java.time.Instant since = health.unusableSince(alias).orElse(h.checkedAt());
        builder.detail("unusableSince", since.toString());
        builder.detail("problem", h.problem());
        java.time.Duration downAfter = health.settings().downAfter();
        if (java.time.Duration.between(since, h.checkedAt()).compareTo(downAfter) >= 0) {
            builder.message("Veeam server '" + alias + "' unusable since " + since + ": " + h.problem()).down();
        } else {
            builder.message("Veeam server '" + alias + "' unusable since " + since + " (DOWN after " + downAfter + "): "
                    + h.problem()).up();
        }
    }
}
