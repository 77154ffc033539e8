package org.respaldo.notify;

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
final class Mailboxes {

    private Mailboxes() {
    }

    static GreenMail start(int smtpPort, int imapPort) {
        GreenMail gm = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        gm.start();
        return gm;
    }

    /** The messages in a mailbox, read over IMAP with login and password both equal to the address. */
    static List<MimeMessage> imap(int imapPort, String address) throws MessagingException {
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
    static List<MimeMessage> withSubject(GreenMail gm, String text) {
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
}
