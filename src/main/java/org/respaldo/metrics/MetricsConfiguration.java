package org.respaldo.metrics;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.respaldo.config.Settings;
import org.respaldo.health.VeeamHealth;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.RunEngine;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.veeam.VeeamServers;

/**
 * {@code GET /observe/metrics}: camel-micrometer-prometheus serves the Prometheus registry bound here as
 * {@code metricsRegistry} (the name it looks for; {@code camel.metrics.*} turn on Camel's route metrics on
 * the same registry), with Respaldo's own metrics ({@link RespaldoMetrics}, bean {@code respaldoMetrics}):
 * it hears the run engine and the intake, and route {@code metrics-refresh} refreshes its gauges every
 * {@code respaldo.metrics.refresh-interval} (handed to the timer as {@code respaldo.metrics.refresh-interval-ms}).
 * Listed last in {@code camel.main.configuration-classes} (after RunConfiguration and HealthConfiguration).
 */
@Configuration
public class MetricsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        MeterRegistry registry = beans.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            beans.bind("metricsRegistry", registry);
        }
        RunEngine engine = beans.lookupByNameAndType("runEngine", RunEngine.class);
        ScheduleRegistry schedules = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        VeeamServers servers = beans.lookupByNameAndType("veeamServers", VeeamServers.class);
        Outbox outbox = beans.lookupByNameAndType("outbox", Outbox.class);
        DataSource dataSource = beans.lookupByNameAndType("dataSource", DataSource.class);
        VeeamHealth health = beans.lookupByNameAndType("veeamHealth", VeeamHealth.class);
        if (engine == null || schedules == null || servers == null || outbox == null || dataSource == null) {
            throw new IllegalStateException("MetricsConfiguration must be listed after RespaldoConfiguration, VeeamConfiguration,"
                    + " RunConfiguration and HealthConfiguration in camel.main.configuration-classes");
        }
        Duration refresh = settings.duration("respaldo.metrics.refresh-interval", Duration.ofSeconds(15));
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("respaldo.metrics.refresh-interval must be a positive ISO-8601 duration (e.g. PT15S); got "
                    + refresh);
        }
        RespaldoMetrics metrics = new RespaldoMetrics(registry, dataSource, outbox, schedules, servers, health,
                () -> rpoBreaches(context), clock(context));
        metrics.registerIntakeOutcomes();
        beans.bind("respaldoMetrics", metrics);
        engine.addListener(metrics);
        context.addRoutePolicyFactory(new IntakeCounter(metrics).factory());
        context.getPropertiesComponent().addOverrideProperty("respaldo.metrics.refresh-interval-ms", String.valueOf(refresh.toMillis()));
    }

    /** The application's clock (bean {@code clock}), or the system's in UTC. */
    static Clock clock(CamelContext context) {
        Clock c = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        return c != null ? c : Clock.systemUTC();
    }

    /**
     * An {@link RpoBreaches} bean when one is bound, else the breaches the watch
     * (org.respaldo.watch.RpoWatch, bean {@code rpoWatch}) found at its last check; neither: no gauge.
     */
    static RpoBreaches rpoBreaches(CamelContext context) {
        RpoBreaches bound = context.getRegistry().findSingleByType(RpoBreaches.class);
        if (bound != null) {
            return bound;
        }
        org.respaldo.watch.RpoWatch watch = context.getRegistry().lookupByNameAndType("rpoWatch", org.respaldo.watch.RpoWatch.class);
        return watch == null ? null : watch::breaches;
    }
}
