package org.respaldo.notify;

import org.respaldo.outbox.Mail;
import java.io.UnsupportedEncodingException;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import jakarta.activation.DataHandler;

/**
 * Turns a {@link Mail} into the MIME message the SMTP producer sends: {@code multipart/alternative}
 * (plain text, then HTML), wrapped in {@code multipart/mixed} with the attachments when there
 * are any, and the {@code X-Respaldo-*} headers. Built here rather than by camel-mail's binding,
 * which nests the HTML and the attachments inside the alternative part and would copy every
 * header of the calling exchange (file names, archive paths) into the mail.
 */
public final class MimeMail {

    private static final String UTF_8 = "UTF-8";

    private final Session session = Session.getInstance(new Properties());
    private final InternetAddress from;

    public MimeMail(String from) {
        this.from = MailServer.address("respaldo.mail.from", from);
    }

    /** The MIME message of a mail; {@code messageId} (the outbox row's) is its Message-ID on every attempt. */
    public MimeMessage toMime(Mail mail, String messageId) throws MessagingException {
        MimeMessage m = messageId == null ? new MimeMessage(session) : new StableIdMessage(session, messageId);
        m.setFrom(from);
        InternetAddress[] to = new InternetAddress[mail.to().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(mail.to().get(i), true);
        }
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(mail.subject(), UTF_8);
        for (Map.Entry<String, String> h : mail.headers().entrySet()) {
            m.setHeader(h.getKey(), encode(h.getValue()));
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), UTF_8, "plain");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), UTF_8, "html");
        alternative.addBodyPart(html);
        if (mail.attachments().isEmpty()) {
            m.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            for (Mail.Attachment a : mail.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(a.name());
                part.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            m.setContent(mixed);
        }
        // the SMTP sender calls saveChanges() (MIME headers; the Message-ID stays) right before sending
        return m;
    }

    public MimeMessage toMime(Mail mail) throws MessagingException {
        return toMime(mail, null);
    }

    /** A message whose Message-ID stays the one given, whatever saveChanges() does. */
    static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    private static String encode(String value) {
        try {
            return MimeUtility.fold(0, MimeUtility.encodeText(MailComposer.oneLine(value), UTF_8, null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
