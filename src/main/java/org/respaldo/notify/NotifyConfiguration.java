package org.respaldo.notify;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.mail.MailComponent;
import org.respaldo.config.Settings;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail room: configures camel-mail's {@code smtp} component from {@code respaldo.mail.*}
 * and binds the beans {@code routes/notify.camel.yaml} uses ({@code mailComposer},
 * {@code mimeMail}, {@code mailLog}, {@code intakeMail}, {@code mailServer}). Runs after
 * {@code RespaldoConfiguration} (database, registry) and {@code DemoConfiguration} (which
 * points the mail settings at the embedded server).
 */
@Configuration
public class NotifyConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        MailServer server = MailServer.of(settings);
        server.configure(context.getComponent("smtp", MailComponent.class).getConfiguration());

        var beans = context.getRegistry();
        Database database = beans.lookupByNameAndType("database", Database.class);
        ScheduleRegistry registry = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        if (database == null || registry == null) {
            throw new IllegalStateException("NotifyConfiguration must be listed after RespaldoConfiguration in "
                    + "camel.main.configuration-classes (it needs the beans 'database' and 'scheduleRegistry')");
        }
        MailComposer composer = new MailComposer();
        beans.bind("mailServer", server);
        beans.bind("mailComposer", composer);
        beans.bind("mimeMail", new MimeMail(server.from()));
        beans.bind("mailLog", new MailLog(database.dataSource(), Clock.systemUTC()));
        beans.bind("intakeMail", new IntakeMail(composer, registry, server.fallbackAddress()));
        LOG.info("Mail: {}{}", server.describe(), server.fallbackAddress() == null ? ""
                : "; rejected files without a readable owner go to " + server.fallbackAddress());
    }
}
