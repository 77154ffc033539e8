package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.Run;
import org.respaldo.sim.Inventory;
import org.respaldo.store.Jdbc;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;

/**
 * The daily digest, end to end, on one data dir and database through three starts of the application:
 * the first (digest time two hours ago: that day is not caught up) makes a good run and a failed one,
 * leaves a mail the outbox gave up on and what a digest a week ago saw of a repository; the second, with
 * the digest time a few seconds ahead, sends ONE digest with every section and its counts; the third,
 * started again within the same minute, sends none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyDigestTest {

    static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    WatchFixture f;

    @BeforeAll
    void start() throws Exception {
        f = new WatchFixture(Path.of("target/it/daily-digest"));
    }

    @AfterAll
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void oneDigestWithEverySectionAndNoneAfterARestart() throws Exception {
        // the test's digest day must not change under it: close to midnight (Guatemala), wait for the new day
        ZonedDateTime local = ZonedDateTime.now(WatchFixture.GT);
        if (local.toLocalTime().isAfter(java.time.LocalTime.of(23, 58))) {
            Thread.sleep(Duration.between(local, local.toLocalDate().plusDays(1).atStartOfDay(WatchFixture.GT)).toMillis() + 2000);
        }
        ZonedDateTime startedAt = ZonedDateTime.now(WatchFixture.GT);
        f.start(Map.of("respaldo.digest.enabled", "true", "respaldo.digest.time", HH_MM_SS.format(startedAt.minusHours(2)),
                "respaldo.digest.check", "PT1S"));
        // two hours late (or, just after midnight, the day before's): the day is skipped, not caught up (the route may have looked first)
        assertThat(f.app.bean("dailyDigest", DailyDigest.class).tick()).as("two hours late: the day is skipped, not caught up")
                .isIn(DailyDigest.Outcome.SKIPPED, DailyDigest.Outcome.ALREADY_DONE, DailyDigest.Outcome.NOT_YET);
        f.register("digest-bueno", "[BD-Oracle-SIAF]", "", "es");
        f.register("digest-fallo", "[" + WatchFixture.FAILING_JOB + "]", "", "es");
        assertThat(f.runNow("digest-bueno").result()).isEqualTo(Run.Result.SUCCESS);
        Inventory.Behaviour before = f.fail(WatchFixture.FAILING_JOB);
        Run failed;
        try {
            failed = f.runNow("digest-fallo");
        } finally {
            f.sim.admin().setBehaviour(WatchFixture.FAILING_JOB, before);
        }
        assertThat(failed.result()).isEqualTo(Run.Result.FAILED);
        LocalDate today = ZonedDateTime.now(WatchFixture.GT).toLocalDate();
        DataSource db = f.app.bean("dataSource", DataSource.class);
        Instant now = Instant.now();
        new Jdbc(db).inTransaction("test data", c -> {
            // a mail the SMTP server never accepted (given up at once, so the sender never sees it pending)
            long id = Outbox.enqueue(c, new Mail("failed", List.of("nadie@mineco.local"), "[Respaldo] FALLO: correo de prueba", "texto",
                    "<p>texto</p>", Map.of(Mail.EVENT_HEADER, "failed"), List.of()), false, now);
            Outbox.markFailed(c, id, "550 5.1.1 buzón inexistente");
            // what the digest of a week ago saw
            Jdbc.exec(c, "INSERT INTO digest_repository (digest_date, server, repository, free_gb, capacity_gb, seen_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", today.minusDays(7), "principal", "Repositorio-CD-Local", 1234.5, 4000.0,
                    Jdbc.utc(now.minus(Duration.ofDays(7))));
            return null;
        });
        f.sim.admin().setRepository("Repositorio-CD-Local", 1000.0, true);
        f.stopApp();
        assertThat(f.received("digest")).isEmpty();

        // the digest time a few seconds ahead
        String soon = HH_MM_SS.format(ZonedDateTime.now(WatchFixture.GT).plusSeconds(6));
        Map<String, String> atSoon = Map.of("respaldo.digest.enabled", "true", "respaldo.digest.time", soon, "respaldo.digest.check", "PT1S");
        f.start(atSoon);
        Eventually.await(Duration.ofSeconds(40), "the daily digest", () -> !f.received("digest").isEmpty());
        Thread.sleep(3000); // a few more looks
        WatchFixture.assertOneMail(f.received("digest"));
        assertThat(f.received("digest")).as("one recipient: the one Director of both schedules").hasSize(1);

        // a restart in the same minute: the day's digest is done (and route rpo-watch, ticking every second here, runs)
        f.stopApp();
        Map<String, String> again = new java.util.HashMap<>(atSoon);
        again.put("respaldo.watch.rpo-check", "PT1S");
        f.start(again);
        assertThat(f.app.bean("dailyDigest", DailyDigest.class).tick()).isEqualTo(DailyDigest.Outcome.ALREADY_DONE);
        RpoWatch watch = f.app.bean("rpoWatch", RpoWatch.class);
        Eventually.await(Duration.ofSeconds(10), "the route rpo-watch's first check", () -> watch.breaches().size() == 2);
        assertThat(watch.breaches()).containsEntry("digest-bueno", false).containsEntry("digest-fallo", false);
        Thread.sleep(3000);
        assertThat(f.received("digest")).hasSize(1);
        assertThat(f.app.bean("watchStore", WatchStore.class).unreportedFailedMails(10)).as("reported once").isEmpty();

        List<MimeMessage> read = f.imap("director@mineco.local", "digest");
        assertThat(read).hasSize(1);
        MimeMessage digest = read.get(0);
        assertThat(digest.getSubject())
                .isEqualTo("[Respaldo] RESUMEN DIARIO " + today + ": 2 ejecuciones, 1 con problemas, 0 sin respaldo reciente");
        String text = Mailboxes.part(digest, "text/plain");
        assertThat(text).contains("Ejecuciones de las últimas 24 horas (2)")
                .contains("* Prueba digest-bueno (digest-bueno)").contains("1 ÉXITO")
                .contains("* Prueba digest-fallo (digest-fallo)").contains("1 FALLO")
                .contains("Fallos, omisiones y disparos perdidos (1)").contains("* " + failed.id())
                .contains(WatchFixture.FAILING_JOB + ": Fallo — Error: disco lleno")
                .contains("Sin respaldo reciente (RPO) (0)")
                .contains("Disparos de las próximas 24 horas (2)")
                .contains("Espacio libre en los repositorios")
                .contains("Repositorio: Repositorio-CD-Local").contains("Libre ahora: 1000.0 GB")
                .contains("Libre hace 7 días: 1234.5 GB").contains("Cambio en la semana: −234.5 GB")
                .contains("Libre hace 7 días: sin dato")
                .contains("Correos no entregados (1)").contains("[Respaldo] FALLO: correo de prueba").contains("550 5.1.1 buzón inexistente");
        assertThat(Mailboxes.part(digest, "text/html")).contains("Correos no entregados (1)").contains(failed.id());
    }
}
