package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.respaldo.testing.AppProcess;
import org.respaldo.testing.Databases;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * What the fault tests share: a data dir and a database (embedded H2, or a PostgreSQL schema of
 * its own), the simulator in its own process, a real mail server, and Respaldo started as a jar
 * (again and again on the same data dir and database).
 */
final class FaultFixture implements AutoCloseable {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final String START = "POST /api/v1/jobs/{id}/start";

    final Path dir;
    final SimProcess sim;
    GreenMail mail;
    final int smtp;
    final int imap;
    final int http = Ports.free();
    final Map<String, String> settings;
    AppProcess app;
    int starts;

    FaultFixture(Path dir, String db, SimProcess sim, GreenMail mail, int smtp, int imap) {
        this.dir = dir;
        this.sim = sim;
        this.mail = mail;
        this.smtp = smtp;
        this.imap = imap;
        settings = new LinkedHashMap<>(AppProcess.defaults(dir.resolve("data"), http, sim, smtp));
        if (db.equals("postgresql")) {
            settings.put("respaldo.db.url", Databases.postgres());
            settings.put("respaldo.db.user", Databases.PG_USER);
        }
    }

    AppProcess start() {
        return start(Map.of());
    }

    AppProcess start(Map<String, String> more) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.putAll(more);
        app = AppProcess.start(s, Map.of(), dir.resolve("respaldo-" + (++starts) + ".log"));
        return app;
    }

    Path inbox() {
        return dir.resolve("data/inbox");
    }

    /** Drops a schedule into the inbox and waits until it is registered. */
    void register(String id, String content) {
        ScheduleFiles.drop(inbox(), id + ".yaml", content);
        Eventually.await(Duration.ofSeconds(30), "schedule " + id + " registered",
                () -> Http.get(app.url("/api/schedules/" + id)).status() == 200);
    }

    /** A fire time a few seconds ahead, to the second. */
    static ZonedDateTime in(Duration d) {
        return ZonedDateTime.now(GT).plus(d).withNano(0);
    }

    JsonNode runs(String scheduleId) {
        return Http.get(app.url("/api/runs?schedule=" + scheduleId + "&limit=100")).json();
    }

    JsonNode run(String runId) {
        return Http.get(app.url("/api/runs/" + runId)).json();
    }

    String awaitRun(String scheduleId, String status) {
        Eventually.await(Duration.ofSeconds(60), "a " + status + " run of " + scheduleId, () -> {
            for (JsonNode r : runs(scheduleId)) {
                if (r.get("status").asText().equals(status)) {
                    return true;
                }
            }
            return false;
        });
        for (JsonNode r : runs(scheduleId)) {
            if (r.get("status").asText().equals(status)) {
                return r.get("id").asText();
            }
        }
        throw new AssertionError();
    }

    JsonNode awaitConcluded(String runId, Duration timeout) {
        Eventually.await(timeout, "run " + runId + " CONCLUDED", () -> run(runId).get("status").asText().equals("CONCLUDED"));
        return run(runId);
    }

    /** The mails GreenMail received for a run and an event, one per recipient. */
    List<MimeMessage> mails(String runId, String event) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String[] r = m.getHeader("X-Respaldo-Run");
                String[] e = m.getHeader("X-Respaldo-Event");
                if (r != null && r[0].equals(runId) && e != null && e[0].equals(event)) {
                    out.add(m);
                }
            } catch (MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return out;
    }

    /** Exactly one mail (one Message-ID) of a run and an event reached each of its recipients. */
    void assertOneMail(String runId, String event, int recipients) throws MessagingException {
        List<MimeMessage> copies = mails(runId, event);
        assertThat(copies).as(event + " mail of " + runId + ", one copy per recipient").hasSize(recipients);
        assertThat(copies.stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(1);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
