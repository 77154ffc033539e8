package org.respaldo.notify;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.mail.MailComponent;
import org.respaldo.config.Settings;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.RunReports;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.time.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail room: configures camel-mail's {@code smtp} component from {@code respaldo.mail.*} and
 * binds the beans the routes and the run use ({@code mailComposer}, {@code mimeMail},
 * {@code intakeMail}, {@code runMails}, {@code outboxSender}, {@code mailServer},
 * {@code outboxHealthCheck}). Runs after {@code RespaldoConfiguration} (database, registry, run
 * store, outbox) and {@code DemoConfiguration} (which points the mail settings at the embedded server).
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
        Outbox outbox = beans.lookupByNameAndType("outbox", Outbox.class);
        ScheduleRegistry registry = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        RunStore runs = beans.lookupByNameAndType("runStore", RunStore.class);
        RunReports reports = beans.lookupByNameAndType("runReports", RunReports.class);
        if (outbox == null || registry == null || runs == null || reports == null) {
            throw new IllegalStateException("NotifyConfiguration must be listed after RespaldoConfiguration in "
                    + "camel.main.configuration-classes (it needs the beans 'outbox', 'scheduleRegistry', 'runStore', 'runReports')");
        }
        // milliseconds: what the databases keep, so that a time read back equals the one written
        Clock clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
        // the conclusion mail links to the run's page in the console when it is said where the console is reached from
        MailComposer composer = new MailComposer(settings.get("respaldo.console.base-url", ""));
        registry.notices(new AcceptanceMails(composer));
        Duration giveUp = settings.duration("respaldo.mail.retry.give-up-after", Duration.ofDays(3));
        OutboxSender.Policy policy = new OutboxSender.Policy(
                new Backoff(settings.duration("respaldo.mail.retry.initial-delay", Duration.ofSeconds(30)),
                        settings.duration("respaldo.mail.retry.max-delay", Duration.ofMinutes(10)), 0.2),
                giveUp, Duration.ofMillis(Math.max(60_000, 3L * server.timeoutMs())), 50);
        beans.bind("mailServer", server);
        beans.bind("mailComposer", composer);
        beans.bind("mimeMail", new MimeMail(server.from()));
        beans.bind("intakeMail", new IntakeMail(composer, outbox, server.fallbackAddress()));
        beans.bind("runMails", new RunMails(composer));
        java.util.concurrent.ExecutorService senders = context.getExecutorServiceManager().newFixedThreadPool(this,
                "respaldo-mail", settings.getInt("respaldo.mail.senders", 4));
        beans.bind("outboxSender", new OutboxSender(outbox, runs, reports, context.createProducerTemplate(), policy,
                settings.nodeName(), clock, senders));
        beans.bind("outboxHealthCheck", new OutboxHealthCheck(outbox, giveUp, clock));
        LOG.info("Mail: {}{}", server.describe(), server.fallbackAddress() == null ? ""
                : "; rejected files without a readable owner go to " + server.fallbackAddress());
    }
}
