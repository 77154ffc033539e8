package org.respaldo.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.respaldo.config.Settings;
import org.respaldo.sim.DemoSimulator;
import org.respaldo.sim.VeeamSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile ({@code make run}): once Respaldo is up, drops the example schedule into
 * the inbox and prints where to look. Does nothing unless {@code respaldo.demo.enabled=true}.
 */
@Configuration
public class DemoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DemoConfiguration.class);
    static final int LEAD_SECONDS = 75;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!Boolean.parseBoolean(settings.get("respaldo.demo.enabled", "false"))) {
            return;
        }
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        // the Veeam simulator (HTTPS on 9419); respaldo.veeam.principal.truststore points at its certificate
        VeeamSimulator simulator;
        try {
            simulator = DemoSimulator.startForDemo(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the demo Veeam simulator could not start (is port 9419 taken?): " + e.getMessage(), e);
        }
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                simulator.close();
            }
        }, true, true);
        String host = settings.get("respaldo.http.host", "127.0.0.1");
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + settings.get("respaldo.http.port", "8080");
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    ZonedDateTime at = DemoSchedule.fireTime(Clock.systemUTC(), LEAD_SECONDS);
                    Path file = DemoSchedule.drop(dataDir.resolve("inbox"), at);
                    LOG.info(banner(dataDir, base, file, at));
                }
            }
        });
    }

    static String banner(Path dataDir, String base, Path file, ZonedDateTime at) {
        String when = DateTimeFormatter.ofPattern("HH:mm:ss").format(at);
        return """

                ================================================================================
                 Respaldo — demostración / demo (ME-DS-TI-MNP-12)
                --------------------------------------------------------------------------------
                 Bandeja de entrada / inbox:  %s
                 Programación de ejemplo:     %s
                   (dispara a las %s hora de Guatemala / fires at %s Guatemala time)
                 API:                         %s/api/schedules
                                              %s/api/schedules/%s
                 Salud / health:              %s/observe/health
                 Aceptadas / accepted:        %s
                 Rechazadas / rejected:       %s   (con .reason.txt / with .reason.txt)
                 Más ejemplos / more examples: examples/*.yaml — cópielos a la bandeja / copy them into the inbox
                 Detener / stop: Ctrl+C
                ================================================================================
                """.formatted(dataDir.resolve("inbox"), file.getFileName(), when, when, base, base, DemoSchedule.ID,
                base, dataDir.resolve("inbox/.accepted"), dataDir.resolve("inbox/.rejected"));
    }
}
