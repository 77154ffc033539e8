package org.respaldo.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every mail Respaldo tried to send (table {@code mail_sent}): SENT once the
 * SMTP server accepted it, FAILED with the error otherwise. The route {@code notify-send}
 * writes it; the run history and the tests read it.
 */
public final class MailLog {

    /** The exchange property holding the {@link Mail} while {@code notify-send} runs. */
    public static final String MAIL = "RespaldoMail";

    private static final Logger LOG = LoggerFactory.getLogger(MailLog.class);
    private static final int MAX_ERROR = 2000;

    private final DataSource dataSource;
    private final Clock clock;

    public MailLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public enum Status {
        SENT, FAILED
    }

    /** One row of {@code mail_sent}. */
    public record Entry(long id, String runId, String scheduleId, String event, List<String> recipients, String subject,
            Status status, String error, String messageId, Instant sentAt) {
    }

    public long sent(Mail mail, String messageId) {
        return insert(mail, Status.SENT, null, messageId);
    }

    public long failed(Mail mail, String error) {
        return insert(mail, Status.FAILED, error, null);
    }

    /** Route step after the SMTP producer: the server accepted the mail. */
    public void recordSent(Exchange exchange) {
        Mail mail = exchange.getProperty(MAIL, Mail.class);
        sent(mail, exchange.getMessage().getHeader("CamelMailMessageId", String.class));
    }

    /**
     * Route step when sending failed: records the error and logs what to check. The exception
     * stays on the exchange for the caller.
     */
    public void recordFailed(Exchange exchange) {
        Mail mail = exchange.getProperty(MAIL, Mail.class);
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = describe(e);
        if (mail == null) {
            LOG.warn("A mail could not be sent (no mail on the exchange): {}", error);
            return;
        }
        long id = failed(mail, error);
        LOG.warn("Correo no enviado / mail not sent: '{}' ({}) to {}: {}. Recorded in mail_sent (id {}); check "
                + "respaldo.mail.host/port/security/username and that the SMTP server accepts mail from this host.",
                mail.subject(), mail.event(), mail.to(), error, id);
    }

    public List<Entry> forRun(String runId) {
        return query("SELECT * FROM mail_sent WHERE run_id = ? ORDER BY id", runId);
    }

    public List<Entry> forSchedule(String scheduleId) {
        return query("SELECT * FROM mail_sent WHERE schedule_id = ? ORDER BY id", scheduleId);
    }

    /** The newest {@code limit} rows, newest first. */
    public List<Entry> recent(int limit) {
        return query("SELECT * FROM mail_sent ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", null);
    }

    /** Every error message of an exception chain, without stack traces (and never a password: mail servers do not echo it). */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 5) {
            if (b.length() > 0) {
                b.append("; caused by ");
            }
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            t = t.getCause() == t ? null : t.getCause();
        }
        String s = b.toString().replaceAll("\\s+", " ");
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR - 1) + "…" : s;
    }

    private long insert(Mail mail, Status status, String error, String messageId) {
        String sql = "INSERT INTO mail_sent (run_id, schedule_id, event, recipients, subject, status, error, message_id, sent_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, mail.runId());
            ps.setString(2, mail.scheduleId());
            ps.setString(3, mail.event());
            ps.setString(4, cut(String.join(", ", mail.to()), 4000));
            ps.setString(5, cut(mail.subject(), 998));
            ps.setString(6, status.name());
            ps.setString(7, error == null ? null : cut(error, MAX_ERROR));
            ps.setString(8, messageId == null ? null : cut(messageId, 998));
            ps.setObject(9, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the mail '" + mail.subject() + "' in mail_sent: " + e.getMessage(), e);
        }
    }

    private List<Entry> query(String sql, String param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<Entry> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Entry(rs.getLong("id"), rs.getString("run_id"), rs.getString("schedule_id"),
                            rs.getString("event"), Arrays.asList(rs.getString("recipients").split(", ")),
                            rs.getString("subject"), Status.valueOf(rs.getString("status")), rs.getString("error"),
                            rs.getString("message_id"), rs.getObject("sent_at", OffsetDateTime.class).toInstant()));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read mail_sent: " + e.getMessage(), e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
