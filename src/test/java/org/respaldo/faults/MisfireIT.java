package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * Respaldo down across fire times. Quartz keeps the triggers in the database and finds the fires
 * it missed when it starts again: with {@code misfire: run} the latest one runs once, late, while
 * its window is open, and every other one is recorded MISSED; with {@code misfire: skip} they are
 * all MISSED. The Director and the technicians are mailed each MISSED run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisfireIT {

    final Path dir = Path.of("target/it/misfire");
    SimProcess sim;
    GreenMail mail;
    int smtp = Ports.free();
    int imap = Ports.free();

    @BeforeAll
    void start() {
        ScheduleFiles.deleteTree(dir);
        sim = SimProcess.start(dir.resolve("sim"), 20, null);
        mail = Mailboxes.start(smtp, imap);
    }

    @AfterAll
    void stop() {
        mail.stop();
        sim.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void firesMissedWhileRespaldoWasDownRunLateOnceOrAreRecordedMissedAndTheDirectorIsTold(String db) throws Exception {
        try (FaultFixture f = new FaultFixture(dir.resolve(db), db, sim, mail, smtp, imap)) {
            Map<String, String> fast = Map.of("respaldo.schedule.misfire-threshold", "PT2S");
            f.start(fast);
            ZonedDateTime at = FaultFixture.in(Duration.ofSeconds(14));
            String late = "tarde-" + db;
            String skip = "omitir-" + db;
            String many = "varios-" + db;
            f.register(late, ScheduleFiles.firingAt(late, at, "[BD-PostgreSQL-Portal]", ""));
            f.register(skip, ScheduleFiles.firingAt(skip, at, "[BD-MySQL-Intranet]", "misfire: skip"));
            f.register(many, ScheduleFiles.firingAt(many, at, "[BD-SQLServer-Produccion]", "")
                    .replaceFirst("cron: \"[^\"]*\"", "cron: \"0/5 * " + (at.getHour() + 23) % 24 + "," + at.getHour() + ","
                            + (at.getHour() + 1) % 24 + " * * ?\""));
            Instant down = Instant.now();
            f.app.stop(Duration.ofSeconds(30));
            // down across the fire of `late` and `skip`, and several fires of `many`
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), at.toInstant().plusSeconds(12)).toMillis()));
            f.start(fast);
            // fires until Respaldo is up again were missed (Quartz starts last): those are the ones to look at
            Instant up = Instant.now();

            // misfire: run — the missed fire runs late, once, with trigger "missed"
            String lateRun = f.awaitRun(late, "CONCLUDED");
            JsonNode lr = f.run(lateRun);
            assertThat(f.runs(late)).hasSize(1);
            assertThat(lr.get("trigger").asText()).isEqualTo("missed");
            assertThat(Instant.parse(lr.get("scheduledFireTime").asText())).isEqualTo(at.toInstant());
            assertThat(lr.get("result").asText()).isEqualTo("SUCCESS");

            // misfire: skip — recorded MISSED, no job started, the Director and the technician told
            String skipRun = f.awaitRun(skip, "CONCLUDED");
            JsonNode sr = f.run(skipRun);
            assertThat(f.runs(skip)).hasSize(1);
            assertThat(sr.get("result").asText()).isEqualTo("MISSED");
            assertThat(sr.get("reasons").toString()).contains("misfire: skip");
            assertThat(sr.get("jobs")).isEmpty();
            Eventually.await(Duration.ofSeconds(10), "the missed mail", () -> f.mails(skipRun, "missed").size() == 2);
            f.assertOneMail(skipRun, "missed", 2);

            // several fires missed: at most one late run, the others MISSED, each recorded once
            Eventually.await(Duration.ofSeconds(30), "the missed fires of " + many + " concluded", () -> {
                for (JsonNode r : downtime(f, many, down, up)) {
                    if (!r.get("status").asText().equals("CONCLUDED")) {
                        return false;
                    }
                }
                return !downtime(f, many, down, up).isEmpty();
            });
            List<JsonNode> missedWhileDown = downtime(f, many, down, up);
            long expected = Duration.between(down, up).toSeconds() / 5;
            assertThat(f.app.log()).contains("fire time(s) missed");
            assertThat((long) missedWhileDown.size()).as("every fire while down has its run").isBetween(expected - 1, expected + 1);
            assertThat(missedWhileDown.stream().filter(r -> r.get("trigger").asText().equals("missed"))).hasSize(1);
            assertThat(missedWhileDown.stream().filter(r -> r.get("result").asText().equals("MISSED")))
                    .hasSize(missedWhileDown.size() - 1);
            assertThat(missedWhileDown.stream().map(r -> r.get("scheduledFireTime").asText()).distinct())
                    .hasSize(missedWhileDown.size());
        }
    }

    /** The runs of the schedule whose fire time fell while Respaldo was down. */
    private static List<JsonNode> downtime(FaultFixture f, String scheduleId, Instant down, Instant up) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : f.runs(scheduleId)) {
            Instant t = Instant.parse(r.get("scheduledFireTime").asText());
            if (t.isAfter(down.plusSeconds(1)) && t.isBefore(up.minusSeconds(1))) {
                out.add(r);
            }
        }
        return out;
    }
}
