package org.respaldo.console;

import java.time.Clock;
import java.time.ZoneId;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.respaldo.audit.AuditTrail;
import org.respaldo.config.Settings;
import org.respaldo.health.VeeamHealth;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.watch.RpoWatch;
import org.respaldo.web.ConsoleActions;

/**
 * The console's pages (bean {@code consolePages}, routes/console.camel.yaml). Listed last: it reads the beans of the
 * rooms before it (the watch and the Veeam health are looked up when a page is drawn).
 */
@Configuration
public class ConsoleConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        Clock clock = java.util.Optional.ofNullable(beans.lookupByNameAndType("clock", Clock.class)).orElse(Clock.systemUTC());
        beans.bind("consolePages", new ConsolePages(beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class),
                beans.lookupByNameAndType("runStore", RunStore.class), beans.lookupByNameAndType("outbox", Outbox.class),
                beans.lookupByNameAndType("auditTrail", AuditTrail.class), beans.lookupByNameAndType("consoleActions",
                        ConsoleActions.class), () -> beans.lookupByNameAndType("rpoWatch", RpoWatch.class),
                () -> beans.lookupByNameAndType("veeamHealth", VeeamHealth.class),
                ZoneId.of(settings.get("respaldo.default-timezone", "America/Guatemala")), clock, settings.inboxDir()));
        beans.bind("firePages", new FirePages(beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class),
                beans.lookupByNameAndType("runStore", RunStore.class), beans.lookupByNameAndType("firesApi",
                        org.respaldo.web.FiresApi.class), ZoneId.of(settings.get("respaldo.default-timezone", "America/Guatemala")),
                clock));
        // Nueva programación / editar, the diff of two versions, the rejected files' downloads
        beans.bind("scheduleEditor", new ScheduleEditor(beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class),
                beans.lookupByNameAndType("scheduleIntake", org.respaldo.schedule.ScheduleIntake.class),
                beans.lookupByNameAndType("runStore", RunStore.class), beans.lookupByNameAndType("consoleActions", ConsoleActions.class),
                beans.lookupByNameAndType("auditTrail", AuditTrail.class), clock, settings.get("respaldo.console.mail-domain", ""),
                settings.inboxDir()));
    }
}
