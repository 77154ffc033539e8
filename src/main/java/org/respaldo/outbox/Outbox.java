package org.respaldo.outbox;

import static org.respaldo.store.Jdbc.exec;
import static org.respaldo.store.Jdbc.instant;
import static org.respaldo.store.Jdbc.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.respaldo.json.Json;
import org.respaldo.store.Jdbc;

/**
 * The mail outbox (table {@code mail_outbox}): every mail Respaldo sends is first a row here,
 * written with {@link #enqueue} in the same transaction as the state change that causes it. The
 * sender (notify) claims due rows, delivers them and records the outcome; a row is PENDING until
 * the SMTP server accepts it (SENT) or its retries give up (FAILED). The Message-ID is chosen when
 * the row is written, so every attempt of one mail carries the same one.
 */
public final class Outbox {

    /** Where a mail stands. */
    public enum Status {
        PENDING, SENT, FAILED
    }

    /** One row, as the API and the sender see it. */
    public record Entry(long id, String event, String scheduleId, String runId, boolean concludesRun, List<String> recipients,
            String subject, String messageId, Status status, int attempts, Instant createdAt, Instant nextAttemptAt,
            String lastError, Instant sentAt) {
    }

    /** A claimed mail, ready to send. */
    public record Claimed(Entry entry, Mail mail) {
    }

    /** Counts for the health check and the metrics. */
    public record Stats(int pending, Instant oldestPending, int failedSince, Instant lastFailedAt) {
    }

    static final int MAX_ERROR = 2000;
    private static final String WHAT = "mail outbox";
    private static final String COLUMNS = "id, event, schedule_id, run_id, concludes_run, recipients, subject, message_id, status,"
            + " attempts, created_at, next_attempt_at, last_error, sent_at";

    /** A claim's token is the node's name, this separator and a random part (what {@link #releaseClaimsOf} matches). */
    private static final String CLAIM_SEPARATOR = "#";
    private final Jdbc jdbc;
    private final Clock clock;

    public Outbox(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Writes a mail in the caller's transaction, due at once; returns its id. */
    public static long enqueue(Connection c, Mail mail, boolean concludesRun, Instant now) throws SQLException {
        String sql = "INSERT INTO mail_outbox (event, schedule_id, run_id, concludes_run, recipients, subject, message_id, content,"
                + " status, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, mail.event());
            ps.setString(2, mail.scheduleId());
            ps.setString(3, mail.runId());
            ps.setBoolean(4, concludesRun);
            ps.setString(5, cut(String.join(", ", mail.to()), 4000));
            ps.setString(6, cut(mail.subject(), 998));
            ps.setString(7, "<" + UUID.randomUUID() + "@respaldo>");
            ps.setString(8, write(mail));
            ps.setString(9, Status.PENDING.name());
            ps.setObject(10, utc(now));
            ps.setObject(11, utc(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        }
    }

    /** Writes a mail in a transaction of its own (for mails that no other state change causes). */
    public long enqueue(Mail mail) {
        return jdbc.inTransaction(WHAT, c -> enqueue(c, mail, false, clock.instant()));
    }

    /**
     * Claims up to {@code limit} due mails for {@code node} for {@code lease}: a mail claimed by a
     * node is not taken by another until the lease runs out (a node that died while sending).
     */
    public List<Claimed> claimDue(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        List<Long> due = new ArrayList<>();
        // a run's mails go in the order they were written (the instructions before the conclusion)
        jdbc.query(WHAT, "SELECT m.id FROM mail_outbox m WHERE m.status = 'PENDING' AND m.next_attempt_at <= ?"
                + " AND (m.claimed_until IS NULL OR m.claimed_until < ?) AND (m.run_id IS NULL OR NOT EXISTS (SELECT 1 FROM mail_outbox o"
                + " WHERE o.run_id = m.run_id AND o.status = 'PENDING' AND o.id < m.id)) ORDER BY m.id FETCH FIRST " + Math.max(1, limit)
                + " ROWS ONLY", rs -> due.add(rs.getLong(1)), utc(now), utc(now));
        if (due.isEmpty()) {
            return List.of();
        }
        Instant until = now.plus(lease);
        // the claim's own token: what this call took, and nothing another node took meanwhile
        String token = node + CLAIM_SEPARATOR + UUID.randomUUID().toString().substring(0, 8);
        String ids = String.join(",", due.stream().map(String::valueOf).toList());
        jdbc.inTransaction(WHAT, c -> exec(c, "UPDATE mail_outbox SET claimed_by = ?, claimed_until = ? WHERE id IN (" + ids + ")"
                + " AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)", token, utc(until), utc(now)));
        List<Claimed> claimed = new ArrayList<>();
        jdbc.query(WHAT, "SELECT " + COLUMNS + ", content FROM mail_outbox WHERE id IN (" + ids + ") AND claimed_by = ? ORDER BY id",
                rs -> claimed.add(new Claimed(entry(rs), read(rs.getString("content")))), token);
        return claimed;
    }

    /** The SMTP server accepted the mail (in the caller's transaction). */
    public static void markSent(Connection c, long id, Instant at) throws SQLException {
        exec(c, "UPDATE mail_outbox SET status = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = NULL,"
                + " next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ?", utc(at), id);
    }

    public void markSent(long id) {
        jdbc.inTransaction(WHAT, c -> {
            markSent(c, id, clock.instant());
            return null;
        });
    }

    /**
     * The SMTP server accepts mail again: every pending mail that failed before is due now (the
     * backlog goes out at once, oldest first, instead of each waiting out its back-off). Returns how many.
     */
    public int retryBacklogNow() {
        Instant now = clock.instant();
        return jdbc.inTransaction(WHAT, c -> exec(c, "UPDATE mail_outbox SET next_attempt_at = ? WHERE status = 'PENDING'"
                + " AND attempts > 0 AND next_attempt_at > ?", utc(now), utc(now)));
    }

    /**
     * Gives back every pending mail that {@code node}'s previous process claimed and never
     * recorded (it died while sending: a kill -9, a power cut). Called when the node starts, so
     * that those mails go out at once instead of when the lease runs out; a node's name is its
     * own (the runs it owns are resumed the same way). Returns how many were given back.
     */
    public int releaseClaimsOf(String node) {
        String prefix = node.replace("!", "!!").replace("%", "!%").replace("_", "!_") + CLAIM_SEPARATOR + "%";
        return jdbc.inTransaction(WHAT, c -> exec(c, "UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL"
                + " WHERE status = 'PENDING' AND claimed_by LIKE ? ESCAPE '!'", prefix));
    }

    /** Gives a claimed mail back without an attempt (it is due again for any node). */
    public void release(long id) {
        jdbc.update(WHAT, "UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'PENDING'", id);
    }

    /** An attempt failed; the next one is due at {@code nextAttemptAt}. */
    public void markRetry(long id, Instant nextAttemptAt, String error) {
        jdbc.update(WHAT, "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = NULL,"
                + " claimed_until = NULL WHERE id = ?", utc(nextAttemptAt), cut(error, MAX_ERROR), id);
    }

    /** The mail gave up (in the caller's transaction). */
    public static void markFailed(Connection c, long id, String error) throws SQLException {
        exec(c, "UPDATE mail_outbox SET status = 'FAILED', attempts = attempts + 1, next_attempt_at = NULL, last_error = ?,"
                + " claimed_by = NULL, claimed_until = NULL WHERE id = ?", cut(error, MAX_ERROR), id);
    }

    public void markFailed(long id, String error) {
        jdbc.inTransaction(WHAT, c -> {
            markFailed(c, id, error);
            return null;
        });
    }

    public Optional<Entry> get(long id) {
        List<Entry> out = query("SELECT " + COLUMNS + " FROM mail_outbox WHERE id = ?", id);
        return out.stream().findFirst();
    }

    /** Newest first, optionally of one status and one run. */
    public List<Entry> list(Status status, String runId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mail_outbox WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (runId != null) {
            sql.append(" AND run_id = ?");
            args.add(runId);
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), args.toArray());
    }

    public List<Entry> forRun(String runId) {
        return query("SELECT " + COLUMNS + " FROM mail_outbox WHERE run_id = ? ORDER BY id", runId);
    }

    public List<Entry> forSchedule(String scheduleId) {
        return query("SELECT " + COLUMNS + " FROM mail_outbox WHERE schedule_id = ? ORDER BY id", scheduleId);
    }

    /** Pending count and age, and the mails that gave up since {@code since}. */
    public Stats stats(Instant since) {
        int[] pending = {0};
        Instant[] oldest = {null};
        jdbc.query(WHAT, "SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE status = 'PENDING'", rs -> {
            pending[0] = rs.getInt(1);
            oldest[0] = instant(rs, 2);
        });
        int[] failed = {0};
        Instant[] last = {null};
        jdbc.query(WHAT, "SELECT COUNT(*), MAX(created_at) FROM mail_outbox WHERE status = 'FAILED' AND created_at >= ?", rs -> {
            failed[0] = rs.getInt(1);
            last[0] = instant(rs, 2);
        }, utc(since));
        return new Stats(pending[0], oldest[0], failed[0], last[0]);
    }

    private List<Entry> query(String sql, Object... args) {
        List<Entry> out = new ArrayList<>();
        jdbc.query(WHAT, sql, rs -> out.add(entry(rs)), args);
        return out;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("event"), rs.getString("schedule_id"), rs.getString("run_id"),
                rs.getBoolean("concludes_run"), Arrays.asList(rs.getString("recipients").split(", ")), rs.getString("subject"),
                rs.getString("message_id"), Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "created_at"), instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "sent_at"));
    }

    /**
     * How a mail is kept: its fields in a compact binary form ({@link #encode}), gzipped, in Base64, after this prefix.
     * It was JSON before (a third of the intake's outbox time went to escaping the HTML's quotes), and still is in the
     * rows written before (prefix {@link #GZIP}, or plain JSON): {@link #read} reads all three.
     */
    static final String BINARY = "rm1:";
    /** The earlier form: the mail as JSON, gzipped, in Base64. */
    static final String GZIP = "gz:";
    /** The most a stored mail may take (H2's longest text); a bigger one loses its attachments, saying so. */
    static final int MAX_CONTENT = 1_048_576;

    static String write(Mail mail) {
        String packed = BINARY + pack(encode(mail));
        if (packed.length() > MAX_CONTENT) {
            Mail smaller = new Mail(mail.event(), mail.to(), mail.subject(), mail.text() + "\n\n(The attachments were too large to"
                    + " keep in the outbox; see the run's report on the server.)", mail.html(), mail.headers(), List.of());
            packed = BINARY + pack(encode(smaller));
        }
        return packed;
    }

    /** The mail's fields in order, each string as its UTF-8 length and bytes (-1: null), each list as its size first. */
    static byte[] encode(Mail mail) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(
                256 + 2 * (length(mail.text()) + length(mail.html())));
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            string(out, mail.event());
            out.writeInt(mail.to().size());
            for (String to : mail.to()) {
                string(out, to);
            }
            string(out, mail.subject());
            string(out, mail.text());
            string(out, mail.html());
            out.writeInt(mail.headers().size());
            for (java.util.Map.Entry<String, String> h : mail.headers().entrySet()) {
                string(out, h.getKey());
                string(out, h.getValue());
            }
            out.writeInt(mail.attachments().size());
            for (Mail.Attachment a : mail.attachments()) {
                string(out, a.name());
                string(out, a.contentType());
                byte[] content = a.content();
                out.writeInt(content.length);
                out.write(content);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static Mail decode(byte[] data) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(data));
        String event = string(in);
        List<String> to = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            to.add(string(in));
        }
        String subject = string(in);
        String text = string(in);
        String html = string(in);
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            headers.put(string(in), string(in));
        }
        List<Mail.Attachment> attachments = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            String name = string(in);
            String type = string(in);
            byte[] content = new byte[in.readInt()];
            in.readFully(content);
            attachments.add(new Mail.Attachment(name, type, content));
        }
        return new Mail(event, to, subject, text, html, headers, attachments);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void string(java.io.DataOutputStream out, String s) throws java.io.IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(java.io.DataInputStream in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String pack(byte[] data) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(data.length / 4 + 64);
        // the fastest level: a mail is written once per state change, on the intake's and the runs' threads, and
        // read once; level 1 keeps most of the saving (repeated text and HTML) at a third of the default's CPU
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gz.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static byte[] unpack(String base64) throws java.io.IOException {
        try (java.util.zip.GZIPInputStream gz = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)))) {
            return gz.readAllBytes();
        }
    }

    static Mail read(String content) {
        if (content == null) {
            return null;
        }
        try {
            if (content.startsWith(BINARY)) {
                return decode(unpack(content.substring(BINARY.length())));
            }
            String json = content.startsWith(GZIP)
                    ? new String(unpack(content.substring(GZIP.length())), java.nio.charset.StandardCharsets.UTF_8)
                    : content;
            return Json.MAPPER.readValue(json, Mail.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read a mail of the outbox: " + e.getMessage(), e);
        }
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
