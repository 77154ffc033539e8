package org.respaldo.notify;

import java.util.Locale;
import java.util.Properties;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.apache.camel.component.mail.MailConfiguration;
import org.respaldo.config.Settings;

/**
 * The SMTP server Respaldo sends through, from the {@code respaldo.mail.*} settings; the
 * password only from the environment ({@code RESPALDO_MAIL_PASSWORD}). Never printed with
 * its password.
 */
public record MailServer(String host, int port, Security security, String username, String password, String from,
        String fallbackAddress, int timeoutMs) {

    public static final String PASSWORD_ENV = "RESPALDO_MAIL_PASSWORD";

    /** How the connection is protected. */
    public enum Security {
        /** plain SMTP (a relay inside the data center, the demo's server) */
        NONE(25),
        /** SMTP upgraded with STARTTLS, required (usually port 587) */
        STARTTLS(587),
        /** SMTP over TLS from the first byte (SMTPS, usually port 465) */
        SSL(465);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        static Security parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("respaldo.mail.security is '" + value
                        + "'; use none, starttls or ssl", e);
            }
        }
    }

    public static MailServer of(Settings settings) {
        Security security = Security.parse(settings.get("respaldo.mail.security", "none"));
        String from = settings.get("respaldo.mail.from", "respaldo@localhost");
        address("respaldo.mail.from", from);
        String fallback = settings.get("respaldo.mail.fallback-address").orElse(null);
        if (fallback != null) {
            address("respaldo.mail.fallback-address", fallback);
        }
        String username = settings.get("respaldo.mail.username").orElse(null);
        String password = username == null ? null : settings.env(PASSWORD_ENV).orElse(null);
        int port;
        try {
            port = settings.getInt("respaldo.mail.port", security.defaultPort);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("respaldo.mail.port must be a port number; got '"
                    + settings.get("respaldo.mail.port", "") + "'", e);
        }
        return new MailServer(settings.get("respaldo.mail.host", "localhost"), port, security, username, password, from,
                fallback, settings.getInt("respaldo.mail.timeout-ms", 30_000));
    }

    /** Configures camel-mail's {@code smtp} component: port, credentials, TLS, timeouts (the host is in the route). */
    public void configure(MailConfiguration c) {
        c.setPort(port);
        c.setFrom(from);
        c.setConnectionTimeout(timeoutMs);
        if (username != null) {
            c.setUsername(username);
            c.setPassword(password);
        }
        Properties p = new Properties();
        switch (security) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SSL -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        p.setProperty("mail.smtp.auth", String.valueOf(username != null));
        c.setAdditionalJavaMailProperties(p);
    }

    static InternetAddress address(String key, String value) {
        // the one address rule (the schedules' owner, director and technicians follow it too)
        org.respaldo.text.EmailAddress.problem(value).ifPresent(r -> {
            throw new IllegalArgumentException(key + " '" + value + "' is not an e-mail address: " + r.en());
        });
        try {
            return new InternetAddress(value, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not an e-mail address: " + e.getMessage(), e);
        }
    }

    /** Where mail goes, without the password. */
    public String describe() {
        return security.name().toLowerCase(Locale.ROOT) + " smtp://" + host + ":" + port
                + (username == null ? "" : " as " + username + (password == null ? " (no " + PASSWORD_ENV + " set)" : ""))
                + ", from " + from;
    }

    @Override
    public String toString() {
        return "MailServer[" + describe() + "]";
    }
}
