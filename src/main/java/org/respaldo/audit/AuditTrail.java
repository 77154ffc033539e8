package org.respaldo.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.respaldo.store.Jdbc;

/** The audit trail (table audit_event, V13): written once per action, read by time, user and limit. */
public final class AuditTrail {

    private final Jdbc jdbc;
    private final Clock clock;

    public AuditTrail(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Records an action now; texts are cut to their column's size. */
    public void record(String actor, String role, String address, String action, String object, String outcome, String detail) {
        jdbc.update("audit " + action, "INSERT INTO audit_event (at, actor, role, address, action, object, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Jdbc.utc(clock.instant()), cut(actor == null ? "?" : actor, 200),
                cut(role, 20), cut(address, 100), cut(action, 40), cut(object, 400), cut(outcome, 20), cut(detail, 2000));
    }

    /** Newest first; null bounds are open; from included, to excluded; limit 1–10,000 (default 200). */
    public List<AuditEvent> list(Instant from, Instant to, String user, Integer limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, role, address, action, object, outcome, detail"
                + " FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(Jdbc.utc(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(Jdbc.utc(to));
        }
        if (user != null && !user.isBlank()) {
            sql.append(" AND actor = ?");
            args.add(user);
        }
        int n = limit == null ? 200 : Math.max(1, Math.min(10_000, limit));
        sql.append(" ORDER BY at DESC, id DESC FETCH FIRST ").append(n).append(" ROWS ONLY");
        List<AuditEvent> out = new ArrayList<>();
        jdbc.query("read the audit trail", sql.toString(), rs -> out.add(new AuditEvent(rs.getLong(1), Jdbc.instant(rs, 2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9))), args.toArray());
        return out;
    }

    /** The same lines as CSV (RFC 4180; a cell a spreadsheet would run as a formula starts with an apostrophe). */
    public static String csv(List<AuditEvent> events) {
        StringBuilder b = new StringBuilder("at,actor,role,address,action,object,outcome,detail\r\n");
        for (AuditEvent e : events) {
            b.append(cell(e.at().toString())).append(',').append(cell(e.actor())).append(',').append(cell(e.role())).append(',')
                    .append(cell(e.address())).append(',').append(cell(e.action())).append(',').append(cell(e.object()))
                    .append(',').append(cell(e.outcome())).append(',').append(cell(e.detail())).append("\r\n");
        }
        return b.toString();
    }

    static String cell(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
