package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.testing.Databases;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * Outages during runs, with Respaldo as a jar: the reports folder cannot be written, the database
 * refuses writes for a moment, the SMTP server is down for most of a minute. Each run still ends
 * (FAILED naming the stage, when a stage failed) and the Director is mailed; mail waits in the
 * outbox and is delivered once when the server is back. On H2 the database runs as a server in this
 * JVM, so the test can make it refuse writes while Respaldo uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutagesIT {

    final Path dir = Path.of("target/it/outages");
    SimProcess sim;
    GreenMail mail;
    int smtp = Ports.free();
    int imap = Ports.free();
    Server h2;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(dir);
        sim = SimProcess.start(dir.resolve("sim"), 20, null);
        mail = Mailboxes.start(smtp, imap);
        h2 = Server.createTcpServer("-tcpPort", String.valueOf(Ports.free()), "-ifNotExists", "-baseDir",
                dir.resolve("h2").toAbsolutePath().toString()).start();
    }

    @AfterAll
    void stop() {
        mail.stop();
        sim.close();
        h2.stop();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void everyRunEndsAndTheDirectorIsToldWhateverFailsOnTheWay(String db) throws Exception {
        try (FaultFixture f = new FaultFixture(dir.resolve(db), db, sim, mail, smtp, imap)) {
            String url;
            if (db.equals("h2")) {
                url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/respaldo-outages";
                f.settings.put("respaldo.db.url", url);
                f.settings.put("respaldo.db.user", "sa");
            } else {
                url = f.settings.get("respaldo.db.url");
            }
            f.start(Map.of());

            // 1. the reports folder cannot be written: the run ends FAILED, naming the conclusion stage
            String report = "informe-" + db;
            Path reportDir = f.dir.resolve("data/reports/" + report);
            Files.createDirectories(reportDir.getParent());
            Files.writeString(reportDir, "un archivo donde debería estar la carpeta de informes");
            f.register(report, ScheduleFiles.firingAt(report, FaultFixture.in(Duration.ofSeconds(5)), "[BD-PostgreSQL-Portal]", ""));
            String r1 = f.awaitRun(report, "CONCLUDED");
            JsonNode run1 = f.run(r1);
            assertThat(run1.get("result").asText()).isEqualTo("FAILED");
            assertThat(run1.get("reasons").toString()).contains("la etapa «conclusión» falló").contains("informe");
            Eventually.await(Duration.ofSeconds(10), "the failed mail", () -> f.mails(r1, "failed").size() == 2);
            Files.delete(reportDir);

            // 2. the database refuses writes of the run's stages for a moment
            String stage = "base-" + db;
            f.register(stage, ScheduleFiles.firingAt(stage, FaultFixture.in(Duration.ofSeconds(5)), "[BD-MySQL-Intranet]", ""));
            refuse(db, url, true);
            try {
                f.awaitRun(stage, "RUNNING");
                Thread.sleep(5000);
            } finally {
                refuse(db, url, false);
            }
            String r2 = f.awaitRun(stage, "CONCLUDED");
            JsonNode run2 = f.run(r2);
            assertThat(run2.get("result").asText()).isEqualTo("FAILED");
            assertThat(run2.get("reasons").toString()).contains("la etapa «availability» falló");
            Eventually.await(Duration.ofSeconds(10), "the failed mail", () -> f.mails(r2, "failed").size() == 2);

            // 3. the SMTP server is down from the fire on, for most of a minute
            String outage = "correo-" + db;
            f.register(outage, ScheduleFiles.firingAt(outage, FaultFixture.in(Duration.ofSeconds(5)), "[BD-PostgreSQL-Portal]", ""));
            mail.stop();
            String r3;
            try {
                r3 = f.awaitRun(outage, "NOTIFYING");
                Eventually.await(Duration.ofSeconds(20), "several failed attempts", () -> {
                    for (JsonNode m : Http.get(f.app.url("/api/mails?run=" + r3)).json()) {
                        if (m.get("attempts").asInt() >= 3) {
                            return true;
                        }
                    }
                    return false;
                });
                Thread.sleep(25_000);
                assertThat(f.run(r3).get("status").asText()).isEqualTo("NOTIFYING");
                assertThat(Http.get(f.app.url("/observe/health")).body()).contains("UP");
            } finally {
                mail = Mailboxes.start(smtp, imap);
                f.mail = mail;
            }
            JsonNode run3 = f.awaitConcluded(r3, Duration.ofSeconds(30));
            assertThat(run3.get("result").asText()).isEqualTo("SUCCESS");
            assertThat(run3.get("directorReached").asBoolean()).isTrue();
            Eventually.await(Duration.ofSeconds(10), "every mail delivered", () -> f.mails(r3, "succeeded").size() == 2
                    && f.mails(r3, "started").size() == 1);
            Thread.sleep(1500);
            f.assertOneMail(r3, "started", 1);
            f.assertOneMail(r3, "succeeded", 2);
            assertThat(Http.get(f.app.url("/api/mails?run=" + r3)).json()).allMatch(m -> m.get("status").asText().equals("sent"));
        }
    }

    /** Makes the database refuse (or accept again) writes to run_stage, with a constraint no row can meet. */
    private static void refuse(String db, String url, boolean on) throws Exception {
        String sql;
        if (on) {
            sql = db.equals("h2") ? "ALTER TABLE run_stage ADD CONSTRAINT respaldo_test_refuse CHECK (seq < 0) NOCHECK"
                    : "ALTER TABLE run_stage ADD CONSTRAINT respaldo_test_refuse CHECK (seq < 0) NOT VALID";
        } else {
            sql = "ALTER TABLE run_stage DROP CONSTRAINT respaldo_test_refuse";
        }
        try (Connection c = db.equals("h2") ? DriverManager.getConnection(url, "sa", "")
                : DriverManager.getConnection(url, Databases.PG_USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
