package org.respaldo.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.store.Database;
import org.respaldo.testing.Databases;

/** The mail_sent record over real JDBC, on H2 and on PostgreSQL. */
class MailLogTest {

    @TempDir
    Path dir;

    private Database open(String kind) {
        String url = kind.equals("h2") ? "" : Databases.postgres();
        return Database.open(url, kind.equals("h2") ? "" : Databases.PG_USER, "", dir, 2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void sentAndFailedMailsAreRecordedPerRunAndSchedule(String kind) {
        Instant now = Instant.parse("2026-11-24T05:42:00.123Z");
        try (Database db = open(kind)) {
            MailLog log = new MailLog(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
            Mail concluded = new Mail("succeeded", List.of("director@mineco.gob.gt", "tecnico1@mineco.gob.gt"), "[Respaldo] ÉXITO: x",
                    "t", "<p>h</p>", Map.of(Mail.EVENT_HEADER, "succeeded", Mail.SCHEDULE_HEADER, "nocturno", Mail.RUN_HEADER, "run-1"),
                    List.of());
            Mail rejected = new Mail("rejected", List.of("mesa.ti@mineco.gob.gt"), "[Respaldo] RECHAZADA", "t", "h",
                    Map.of(Mail.EVENT_HEADER, "rejected"), List.of());
            long first = log.failed(concluded, "MailConnectException: Couldn't connect to host");
            long second = log.sent(concluded, "<1.2@respaldo>");
            log.sent(rejected, "<3.4@respaldo>");

            assertThat(second).isGreaterThan(first);
            List<MailLog.Entry> run = log.forRun("run-1");
            assertThat(run).extracting(MailLog.Entry::status).containsExactly(MailLog.Status.FAILED, MailLog.Status.SENT);
            MailLog.Entry failed = run.get(0);
            assertThat(failed.error()).isEqualTo("MailConnectException: Couldn't connect to host");
            assertThat(failed.recipients()).containsExactly("director@mineco.gob.gt", "tecnico1@mineco.gob.gt");
            assertThat(failed.subject()).isEqualTo("[Respaldo] ÉXITO: x");
            assertThat(failed.sentAt()).isEqualTo(now);
            assertThat(run.get(1).messageId()).isEqualTo("<1.2@respaldo>");
            assertThat(log.forSchedule("nocturno")).hasSize(2);
            List<MailLog.Entry> recent = log.recent(2);
            assertThat(recent).extracting(MailLog.Entry::event).containsExactly("rejected", "succeeded");
            assertThat(recent.get(0).scheduleId()).isNull();
            assertThat(recent.get(0).runId()).isNull();
        }
    }
}
