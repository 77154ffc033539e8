package org.respaldo.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The demo's embedded mail server (GreenMail): SMTP and IMAP, accepting mail for any address.
 * Each mailbox is readable over IMAP with login and password both equal to the address; the
 * demo Director's and technicians' mailboxes exist from the start.
 */
public final class DemoMailServer implements AutoCloseable {

    public static final List<String> MAILBOXES = List.of("director@mineco.local", "tecnico1@mineco.local",
            "tecnico2@mineco.local");

    private final GreenMail greenMail;
    private final String host;
    private final int smtpPort;
    private final int imapPort;

    private DemoMailServer(GreenMail greenMail, String host, int smtpPort, int imapPort) {
        this.greenMail = greenMail;
        this.host = host;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** Starts SMTP on {@code smtpPort} and IMAP on {@code imapPort}, both bound to {@code bindHost}. */
    public static DemoMailServer start(String bindHost, int smtpPort, int imapPort) {
        GreenMail gm = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, bindHost, ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, bindHost, ServerSetup.PROTOCOL_IMAP)});
        try {
            gm.start();
        } catch (RuntimeException e) {
            throw new org.respaldo.config.StartupException("the demo mail server could not listen on " + bindHost + " ports " + smtpPort
                    + " (SMTP) and " + imapPort + " (IMAP): " + e.getMessage()
                    + ". Stop whatever uses them, or set respaldo.demo.mail.smtp-port / respaldo.demo.mail.imap-port.", e);
        }
        for (String address : MAILBOXES) {
            gm.setUser(address, address, address);
        }
        return new DemoMailServer(gm, bindHost, smtpPort, imapPort);
    }

    public String host() {
        return host;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** One message as received, once however many mailboxes it reached. */
    public record Received(String id, Instant time, String to, String subject, String event, MimeMessage message) {
    }

    /** Every message received, newest first (a mail to three mailboxes is listed once). */
    public List<Received> messages() {
        Map<String, Received> byId = new LinkedHashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                String messageId = m.getMessageID() == null ? m.hashCode() + "" : m.getMessageID();
                String id = shortId(messageId);
                if (byId.containsKey(id)) {
                    continue;
                }
                Instant time = m.getReceivedDate() != null ? m.getReceivedDate().toInstant()
                        : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.EPOCH;
                String to = String.join(", ", header(m, "To"));
                String event = m.getHeader("X-Respaldo-Event", null);
                byId.put(id, new Received(id, time, to, m.getSubject(), event == null ? "" : event, m));
            } catch (MessagingException e) {
                throw new IllegalStateException("could not read a received message: " + e.getMessage(), e);
            }
        }
        List<Received> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing(Received::time).reversed());
        return list;
    }

    public Optional<Received> find(String id) {
        return messages().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static List<String> header(Message m, String name) throws MessagingException {
        String[] values = m.getHeader(name);
        return values == null ? List.of() : List.of(values);
    }

    private static String shortId(String messageId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
