package org.respaldo.health;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.respaldo.config.Settings;
import org.respaldo.veeam.VeeamServers;

/**
 * Binds {@code veeamHealth} ({@link VeeamHealth}, called by route {@code veeam-health} in
 * {@code routes/health.camel.yaml}) and one readiness check per configured Veeam server
 * ({@code veeam-<alias>}). The route's period is {@code respaldo.veeam.health-interval} (ISO-8601),
 * handed to the timer in milliseconds as {@code respaldo.veeam.health-interval-ms}. Listed after
 * RespaldoConfiguration and VeeamConfiguration in {@code camel.main.configuration-classes}.
 */
@Configuration
public class HealthConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        VeeamServers servers = beans.lookupByNameAndType("veeamServers", VeeamServers.class);
        DataSource dataSource = beans.lookupByNameAndType("dataSource", DataSource.class);
        if (servers == null || dataSource == null) {
            throw new IllegalStateException("HealthConfiguration must be listed after RespaldoConfiguration and VeeamConfiguration"
                    + " in camel.main.configuration-classes");
        }
        Duration interval = settings.duration("respaldo.veeam.health-interval", Duration.ofMinutes(5));
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("respaldo.veeam.health-interval must be a positive ISO-8601 duration (e.g. PT5M); got "
                    + interval);
        }
        double lowPercent = Double.parseDouble(settings.get("respaldo.veeam.health-repository-low-percent", "10"));
        VeeamHealth.Settings cfg = new VeeamHealth.Settings(interval,
                settings.duration("respaldo.veeam.health-certificate-warning", Duration.ofDays(30)), lowPercent,
                settings.get("respaldo.mail.fallback-address", ""), settings.nodeName(),
                settings.duration("respaldo.veeam.health-down-after",
                        settings.duration("respaldo.run.veeam-wait", Duration.ofMinutes(15))));
        HealthMails mails = new HealthMails(settings.get("respaldo.veeam.health-language", "es"),
                ZoneId.of(settings.get("respaldo.default-timezone", "America/Guatemala")));
        Clock clock = beans.lookupByNameAndType("clock", Clock.class);
        VeeamHealth health = new VeeamHealth(servers, cfg, mails, dataSource,
                clock != null ? clock : Clock.tickMillis(java.time.ZoneOffset.UTC));
        beans.bind("veeamHealth", health);
        for (String alias : servers.aliases()) {
            beans.bind("veeamHealthCheck-" + alias, new VeeamServerHealthCheck(health, alias));
        }
        context.getPropertiesComponent().addOverrideProperty("respaldo.veeam.health-interval-ms", String.valueOf(interval.toMillis()));
    }
}
