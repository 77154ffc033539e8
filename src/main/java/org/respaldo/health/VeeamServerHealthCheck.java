package org.respaldo.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code veeam-<alias>}: what the latest check of one Veeam server found (see {@link VeeamHealth});
 * UNKNOWN until the first check, DOWN when the server did not answer, refused the API revision or the
 * login, or its repositories could not be read. A <em>readiness</em> check, not a liveness one:
 * restarting Respaldo does not bring a Veeam server back, so an orchestrator must not restart it for
 * that; but the node cannot do its work on that server meanwhile (its runs wait and are skipped), which
 * is what "not ready" says. The details carry the certificate's end and the API revision.
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
        } else {
            builder.message(h.problem()).down();
        }
    }
}
