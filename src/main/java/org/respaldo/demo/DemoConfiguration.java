package org.respaldo.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.respaldo.config.Settings;
import org.respaldo.sim.DemoSimulator;
import org.respaldo.sim.VeeamSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile ({@code make run}): starts the embedded mail server (GreenMail) and points
 * the mail settings at it, serves its mail page at {@code /demo/mail}, and once Respaldo is up
 * drops the example schedule into the inbox and prints where to look. Does nothing unless
 * {@code respaldo.demo.enabled=true}. Listed before {@code NotifyConfiguration}, which reads the
 * mail settings this class points at the embedded server.
 */
@Configuration
public class DemoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DemoConfiguration.class);
    static final int LEAD_SECONDS = 75;
    static final String MAIL_PAGE_ROUTES = "classpath:demo/demo-mail.camel.yaml";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!Boolean.parseBoolean(settings.get("respaldo.demo.enabled", "false"))) {
            return;
        }
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        Path inbox = settings.inboxDir().toAbsolutePath().normalize();
        // the Veeam simulator listens where respaldo.veeam.principal.url points (9419 by default);
        // respaldo.veeam.principal.truststore points at its certificate
        int simPort = simulatorPort(settings);
        VeeamSimulator simulator;
        try {
            simulator = DemoSimulator.startForDemo(dataDir, simPort);
        } catch (java.io.IOException e) {
            throw new org.respaldo.config.StartupException("the demo Veeam simulator could not listen on port " + simPort + " ("
                    + e.getMessage() + "); set respaldo.veeam.principal.url (RESPALDO_VEEAM_PRINCIPAL_URL) to a free port, e.g. "
                    + "https://127.0.0.1:9420", e);
        }
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                simulator.close();
            }
        }, true, true);
        String host = settings.get("respaldo.http.host", "127.0.0.1");
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + settings.get("respaldo.http.port", "8080");
        DemoMailServer mail = startMail(context, settings, host);
        DemoDirectory directory = startDirectory(context, settings);
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    ZonedDateTime at = DemoSchedule.fireTime(Clock.systemUTC(), LEAD_SECONDS);
                    Path file = DemoSchedule.drop(inbox, at);
                    LOG.info(banner(inbox, base, file, at, mail, directory));
                }
            }
        });
    }

    /** The port of respaldo.veeam.principal.url (9419 when it names none). */
    static int simulatorPort(Settings settings) {
        String url = settings.veeam("principal", "url").orElse("https://127.0.0.1:9419");
        int port = java.net.URI.create(url.trim()).getPort();
        return port > 0 ? port : 9419;
    }

    /**
     * Starts GreenMail, points {@code respaldo.mail.*} at it (plain SMTP, no login), binds the
     * mail page and loads its routes; GreenMail stops with Camel.
     */
    private static DemoMailServer startMail(CamelContext context, Settings settings, String httpHost) throws Exception {
        int smtpPort = settings.getInt("respaldo.demo.mail.smtp-port", 3025);
        int imapPort = settings.getInt("respaldo.demo.mail.imap-port", 3143);
        DemoMailServer mail = DemoMailServer.start(httpHost, smtpPort, imapPort);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                mail.close();
            }
        }, true, true);
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("respaldo.mail.host", "0.0.0.0".equals(httpHost) ? "127.0.0.1" : httpHost);
        properties.addOverrideProperty("respaldo.mail.port", String.valueOf(smtpPort));
        properties.addOverrideProperty("respaldo.mail.security", "none");
        properties.addOverrideProperty("respaldo.mail.username", "");
        context.getRegistry().bind("demoMailServer", mail);
        context.getRegistry().bind("demoMailPage", new DemoMailPage(mail, DemoSchedule.ZONE, imapHint(mail)));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, MAIL_PAGE_ROUTES));
        return mail;
    }

    /**
     * The embedded directory (unless respaldo.demo.ldap.enabled=false or a directory is configured): the console's
     * logins point at it; it stops with Camel.
     */
    private static DemoDirectory startDirectory(CamelContext context, Settings settings) throws Exception {
        if (!settings.getBoolean("respaldo.demo.ldap.enabled", true) || !settings.get("respaldo.auth.ldap.url", "").isBlank()) {
            return null;
        }
        DemoDirectory directory;
        try {
            directory = DemoDirectory.start("127.0.0.1", settings.getInt("respaldo.demo.ldap.port", 0));
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new org.respaldo.config.StartupException("the demo directory could not listen on port "
                    + settings.get("respaldo.demo.ldap.port", "0") + " (" + e.getMessage() + "); set respaldo.demo.ldap.port "
                    + "(RESPALDO_DEMO_LDAP_PORT) to a free port, or 0", e);
        }
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                directory.close();
            }
        }, true, true);
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("respaldo.auth.ldap.url", directory.url());
        properties.addOverrideProperty("respaldo.auth.ldap.user-dn-pattern", DemoDirectory.userDn("{0}"));
        properties.addOverrideProperty("respaldo.auth.ldap.user-search-base", "");
        properties.addOverrideProperty("respaldo.auth.ldap.bind-dn", "");
        properties.addOverrideProperty("respaldo.auth.ldap.group-attribute", "memberOf");
        for (String role : DemoDirectory.USERS) {
            properties.addOverrideProperty("respaldo.auth.ldap.group." + role, DemoDirectory.groupDn(role));
        }
        context.getRegistry().bind("demoDirectory", directory);
        return directory;
    }

    static String imapHint(DemoMailServer mail) {
        String host = "0.0.0.0".equals(mail.host()) ? "localhost" : mail.host();
        return "IMAP " + host + ":" + mail.imapPort() + " — usuario y contraseña = la dirección / login and password = the address";
    }

    static String banner(Path inbox, String base, Path file, ZonedDateTime at, DemoMailServer mail) {
        return banner(inbox, base, file, at, mail, null);
    }

    static String banner(Path inbox, String base, Path file, ZonedDateTime at, DemoMailServer mail, DemoDirectory directory) {
        String console = directory == null ? "" : " Consola / console:           " + base + "/   (usuarios / users: "
                + String.join(", ", DemoDirectory.USERS) + "; contraseña / password: " + DemoDirectory.PASSWORD + ")\n";
        String when = DateTimeFormatter.ofPattern("HH:mm:ss").format(at);
        return """

                ================================================================================
                 Respaldo — demostración / demo (ME-DS-TI-MNP-12)
                --------------------------------------------------------------------------------
                 Bandeja de entrada / inbox:  %s
                 Programación de ejemplo:     %s
                   (dispara a las %s hora de Guatemala / fires at %s Guatemala time)
                %s API:                         %s/api/schedules
                                              %s/api/schedules/%s
                 Salud / health:              %s/observe/health
                 Aceptadas / accepted:        %s
                 Rechazadas / rejected:       %s   (con .reason.txt / with .reason.txt)
                 Correo / mail:               %s/demo/mail
                   %s
                   buzones / mailboxes: %s
                   SMTP %s:%d acepta cualquier dirección / accepts mail for any address
                 Más ejemplos / more examples: examples/*.yaml — cópielos a la bandeja / copy them into the inbox
                 Detener / stop: Ctrl+C
                ================================================================================
                """.formatted(inbox, file.getFileName(), when, when, console, base, base, DemoSchedule.ID,
                base, inbox.resolve(".accepted"), inbox.resolve(".rejected"), base, imapHint(mail),
                String.join(", ", DemoMailServer.MAILBOXES), "0.0.0.0".equals(mail.host()) ? "localhost" : mail.host(),
                mail.smtpPort());
    }
}
