package org.respaldo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

/** A real mail server for tests (GreenMail, SMTP + IMAP on 127.0.0.1) and its mailboxes read over IMAP. */
public final class Mailboxes {

    private Mailboxes() {
    }

    public static GreenMail start(int smtpPort, int imapPort) {
        GreenMail gm = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        gm.start();
        return gm;
    }

    /** The messages in a mailbox, read over IMAP with login and password both equal to the address. */
    public static List<MimeMessage> imap(int imapPort, String address) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort, address, address);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MimeMessage> result = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                result.add(new MimeMessage((MimeMessage) m));
            }
            inbox.close(false);
            return result;
        } finally {
            store.close();
        }
    }

    /** The received messages (one per recipient mailbox) whose subject contains {@code text}. */
    public static List<MimeMessage> withSubject(GreenMail gm, String text) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage m : gm.getReceivedMessages()) {
            try {
                if (m.getSubject() != null && m.getSubject().contains(text)) {
                    result.add(m);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** The text of the first non-attachment part of a MIME type ("text/plain", "text/html"), or null. */
    public static String part(jakarta.mail.Part p, String type) throws Exception {
        if (p.isMimeType(type) && p.getFileName() == null) {
            return (String) p.getContent();
        }
        if (p.isMimeType("multipart/*")) {
            jakarta.mail.Multipart mp = (jakarta.mail.Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String found = part(mp.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The file names of a message's attachments. */
    public static List<String> attachmentNames(jakarta.mail.Part p) throws Exception {
        List<String> names = new ArrayList<>();
        if (p.getFileName() != null) {
            names.add(p.getFileName());
        } else if (p.isMimeType("multipart/*")) {
            jakarta.mail.Multipart mp = (jakarta.mail.Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                names.addAll(attachmentNames(mp.getBodyPart(i)));
            }
        }
        return names;
    }
}
