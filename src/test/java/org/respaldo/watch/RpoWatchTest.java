package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.run.Run;
import org.respaldo.sim.Inventory;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;

/**
 * "No recent backup", end to end: the real application (routes, H2, outbox, SMTP) with the Veeam
 * simulator. A schedule with {@code rpo: P1D} whose run fails: a check a day and more later gives ONE
 * «SIN RESPALDO RECIENTE» mail, whatever the number of checks while the breach lasts; a good run ends it
 * with ONE «RESPALDO RESTABLECIDO». The mails are read over IMAP. The checks of the future are made by
 * calling the watch with a later instant (time is a parameter); the route rpo-watch is set to tick only
 * once an hour here, so that its real-clock checks do not change the breaches between a check and its
 * assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpoWatchTest {

    WatchFixture f;
    RpoWatch watch;

    @BeforeAll
    void start() throws Exception {
        f = new WatchFixture(Path.of("target/it/rpo-watch"));
        f.start(Map.of("respaldo.watch.rpo-check", "PT1H"));
        watch = f.app.bean("rpoWatch", RpoWatch.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aFailedRunThenAGoodOneGiveOneStaleAndOneRecoveredMail() throws Exception {
        f.register("vigilado", "[" + WatchFixture.FAILING_JOB + "]", "rpo: P1D\n", "es");
        f.register("watched-en", "[BD-Oracle-SIAF]", "rpo: P1D\n", "en");
        Inventory.Behaviour before = f.fail(WatchFixture.FAILING_JOB);
        Run failed;
        try {
            failed = f.runNow("vigilado");
        } finally {
            f.sim.admin().setBehaviour(WatchFixture.FAILING_JOB, before);
        }
        assertThat(failed.result()).isEqualTo(Run.Result.FAILED);

        // now: nothing is breached yet (accepted seconds ago, rpo one day)
        Instant now = Instant.now();
        assertThat(watch.check(now).staleSent()).isZero();
        assertThat(watch.breaches()).containsEntry("vigilado", false).containsEntry("watched-en", false);

        // a day and an hour later: both breached, one stale mail each; later checks send nothing more
        Instant later = now.plus(Duration.ofHours(25));
        RpoWatch.Outcome first = watch.check(later);
        assertThat(first.breached()).isEqualTo(2);
        assertThat(first.staleSent()).isEqualTo(2);
        for (int i = 1; i <= 5; i++) {
            assertThat(watch.check(later.plus(Duration.ofMinutes(i))).staleSent()).as("check %d while still breached", i).isZero();
        }
        assertThat(watch.breaches()).containsEntry("vigilado", true).containsEntry("watched-en", true);
        // and the monitoring sees them: the gauge respaldo_schedule_rpo_breached is the watch's (a refresh, then a scrape)
        f.app.bean("respaldoMetrics", org.respaldo.metrics.RespaldoMetrics.class).refresh();
        String scrape = org.respaldo.testing.Http.get(f.app.url("/observe/metrics")).body();
        assertThat(scrape).contains("respaldo_schedule_rpo_breached{schedule=\"vigilado\"} 1.0",
                "respaldo_schedule_rpo_breached{schedule=\"watched-en\"} 1.0");

        Eventually.await(Duration.ofSeconds(15), "two stale mails to both recipients", () -> f.received("stale").size() == 4);
        List<MimeMessage> stale = f.imap("director@mineco.local", "stale");
        assertThat(stale).hasSize(2);
        MimeMessage es = stale.stream().filter(m -> "vigilado".equals(WatchFixture.header(m, "X-Respaldo-Schedule"))).findFirst()
                .orElseThrow();
        assertThat(es.getSubject()).isEqualTo("[Respaldo] SIN RESPALDO RECIENTE: Prueba vigilado (vigilado)");
        assertThat(es.getAllRecipients()).extracting(Object::toString)
                .containsExactlyInAnyOrder("director@mineco.local", "tecnico1@mineco.local");
        String text = Mailboxes.part(es, "text/plain");
        assertThat(text).contains("Último respaldo bueno: ninguno desde que la programación fue aceptada")
                .contains("RPO: 1 d (rpo: PT24H)")
                .contains("Ejecuciones desde entonces (1)")
                .contains("* " + failed.id()).contains("Resultado: FALLO").contains("disco lleno");
        assertThat(Mailboxes.part(es, "text/html")).contains(failed.id()).contains("SIN RESPALDO RECIENTE");
        MimeMessage en = stale.stream().filter(m -> "watched-en".equals(WatchFixture.header(m, "X-Respaldo-Schedule"))).findFirst()
                .orElseThrow();
        assertThat(en.getSubject()).isEqualTo("[Respaldo] NO RECENT BACKUP: Prueba watched-en (watched-en)");
        assertThat(Mailboxes.part(en, "text/plain")).contains("Last good backup: none since the schedule was accepted")
                .contains("No run since then");
        assertThat(f.imap("tecnico1@mineco.local", "stale")).hasSize(2);

        // a good run ends the breach of "vigilado": one recovered mail, whatever the number of checks
        Run good = f.runNow("vigilado");
        assertThat(good.result()).isEqualTo(Run.Result.SUCCESS);
        Instant afterGood = Instant.now();
        assertThat(watch.check(afterGood).recoveredSent()).isEqualTo(1);
        assertThat(watch.breaches()).containsEntry("vigilado", false).containsEntry("watched-en", false);
        for (int i = 1; i <= 3; i++) {
            RpoWatch.Outcome o = watch.check(afterGood.plus(Duration.ofHours(i)));
            assertThat(o.recoveredSent()).isZero();
            assertThat(o.staleSent()).isZero();
        }
        Eventually.await(Duration.ofSeconds(15), "the recovered mail", () -> f.received("recovered").size() == 2);
        // ... and no second stale for "watched-en", still breached just before vigilado's good run is a day old
        RpoWatch.Outcome stillBreached = watch.check(good.startedAt().plus(Duration.ofDays(1)).minusMillis(1));
        assertThat(stillBreached.breached()).isEqualTo(1);
        assertThat(stillBreached.staleSent()).isZero();
        assertThat(watch.breaches()).containsEntry("vigilado", false).containsEntry("watched-en", true);
        Thread.sleep(1000); // anything the outbox would still send
        assertThat(f.received("stale")).hasSize(4);
        assertThat(f.received("recovered")).hasSize(2);

        List<MimeMessage> recovered = f.imap("director@mineco.local", "recovered");
        assertThat(recovered).hasSize(1);
        MimeMessage r = recovered.get(0);
        assertThat(r.getSubject()).isEqualTo("[Respaldo] RESPALDO RESTABLECIDO: Prueba vigilado (vigilado)");
        assertThat(WatchFixture.header(r, "X-Respaldo-Schedule")).isEqualTo("vigilado");
        assertThat(Mailboxes.part(r, "text/plain")).contains("Ejecución buena: " + good.id() + ", ÉXITO")
                .contains("* " + failed.id()).contains("FALLO");
    }
}
