package org.respaldo.notify;

import org.respaldo.outbox.Mail;
import org.respaldo.testing.Mailboxes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.AuthenticationFailedException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.respaldo.config.Settings;

/** The respaldo.mail.* settings: defaults, TLS modes, the password only from the environment and never shown. */
class MailServerTest {

    private static Settings settings(Map<String, String> props, Map<String, String> env) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(props);
        context.getPropertiesComponent().setInitialProperties(p);
        return new Settings(context.getPropertiesComponent(), env);
    }

    @Test
    void defaultsArePlainSmtpOnLocalhostWithoutLogin() {
        MailServer s = MailServer.of(settings(Map.of(), Map.of()));
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(25);
        assertThat(s.security()).isEqualTo(MailServer.Security.NONE);
        assertThat(s.from()).isEqualTo("respaldo@localhost");
        assertThat(s.username()).isNull();
        assertThat(s.fallbackAddress()).isNull();
        MailConfiguration c = new MailConfiguration();
        s.configure(c);
        assertThat(c.getPort()).isEqualTo(25);
        assertThat(c.getAdditionalJavaMailProperties()).containsEntry("mail.smtp.auth", "false")
                .doesNotContainKeys("mail.smtp.starttls.enable", "mail.smtp.ssl.enable");
    }

    @Test
    void starttlsIsRequiredAndSslIsSmtpsEachWithItsUsualPortUnlessOneIsSet() {
        MailConfiguration c = new MailConfiguration();
        MailServer starttls = MailServer.of(settings(Map.of("respaldo.mail.security", "starttls"), Map.of()));
        starttls.configure(c);
        assertThat(starttls.port()).isEqualTo(587);
        assertThat(c.getAdditionalJavaMailProperties()).containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true").containsEntry("mail.smtp.ssl.checkserveridentity", "true");

        MailServer ssl = MailServer.of(settings(Map.of("respaldo.mail.security", "SSL"), Map.of()));
        c = new MailConfiguration();
        ssl.configure(c);
        assertThat(ssl.port()).isEqualTo(465);
        assertThat(c.getAdditionalJavaMailProperties()).containsEntry("mail.smtp.ssl.enable", "true");

        assertThat(MailServer.of(settings(Map.of("respaldo.mail.security", "ssl", "respaldo.mail.port", "2465"), Map.of())).port())
                .isEqualTo(2465);
    }

    @Test
    void wrongSettingsSayWhatIsWrong() {
        assertThatThrownBy(() -> MailServer.of(settings(Map.of("respaldo.mail.security", "tls"), Map.of())))
                .hasMessage("respaldo.mail.security is 'tls'; use none, starttls or ssl");
        assertThatThrownBy(() -> MailServer.of(settings(Map.of("respaldo.mail.from", "respaldo"), Map.of())))
                .hasMessageStartingWith("respaldo.mail.from 'respaldo' is not an e-mail address");
        assertThatThrownBy(() -> MailServer.of(settings(Map.of("respaldo.mail.fallback-address", "mesa ti"), Map.of())))
                .hasMessageStartingWith("respaldo.mail.fallback-address 'mesa ti' is not an e-mail address");
        assertThatThrownBy(() -> MailServer.of(settings(Map.of("respaldo.mail.port", "veinticinco"), Map.of())))
                .hasMessageContaining("respaldo.mail.port must be a port number; got 'veinticinco'");
    }

    @Test
    void thePasswordComesOnlyFromTheEnvironmentAndIsNeverShown() {
        MailServer fromFile = MailServer.of(settings(Map.of("respaldo.mail.username", "svc-respaldo",
                "respaldo.mail.password", "en-archivo"), Map.of()));
        assertThat(fromFile.password()).isNull();
        assertThat(fromFile.describe()).contains("as svc-respaldo (no RESPALDO_MAIL_PASSWORD set)");

        MailServer s = MailServer.of(settings(Map.of("respaldo.mail.username", "svc-respaldo", "respaldo.mail.host", "smtp.mineco.gob.gt",
                "respaldo.mail.security", "starttls"), Map.of("RESPALDO_MAIL_PASSWORD", "s3creto-Largo")));
        assertThat(s.password()).isEqualTo("s3creto-Largo");
        assertThat(s.toString()).doesNotContain("s3creto-Largo").contains("starttls smtp://smtp.mineco.gob.gt:587 as svc-respaldo");
        assertThat(s.describe()).doesNotContain("s3creto-Largo");
    }

    @Test
    void anSmtpLoginWithTheRightPasswordSendsAndAWrongOneFailsWithoutShowingIt() throws Exception {
        int smtp = org.respaldo.testing.Ports.free();
        GreenMail gm = Mailboxes.start(smtp, org.respaldo.testing.Ports.free());
        gm.setUser("respaldo@mineco.gob.gt", "svc-respaldo", "clave-buena");
        try {
            assertThat(sendWith(smtp, "clave-buena")).isNull();
            assertThat(gm.getReceivedMessages()).hasSize(1);

            Throwable wrong = sendWith(smtp, "clave-mala");
            assertThat(wrong).hasRootCauseInstanceOf(AuthenticationFailedException.class);
            assertThat(OutboxSender.describe(wrong)).doesNotContain("clave-mala");
            assertThat(gm.getReceivedMessages()).hasSize(1);
        } finally {
            gm.stop();
        }
    }

    /** Sends one mail through camel-mail's smtp component configured by MailServer; returns the failure, if any. */
    private static Throwable sendWith(int port, String password) throws Exception {
        MailServer server = MailServer.of(settings(Map.of("respaldo.mail.username", "svc-respaldo", "respaldo.mail.port", String.valueOf(port),
                "respaldo.mail.from", "respaldo@mineco.gob.gt"), Map.of("RESPALDO_MAIL_PASSWORD", password)));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            server.configure(context.getComponent("smtp", MailComponent.class).getConfiguration());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").to("smtp://127.0.0.1");
                }
            });
            context.start();
            Mail mail = new Mail("accepted", List.of("director@mineco.gob.gt"), "[Respaldo] prueba", "texto", "<p>html</p>",
                    Map.of(Mail.EVENT_HEADER, "accepted"), List.of());
            try {
                context.createProducerTemplate().sendBody("direct:send", new MimeMail(server.from()).toMime(mail));
                return null;
            } catch (CamelExecutionException e) {
                return e;
            }
        }
    }
}
