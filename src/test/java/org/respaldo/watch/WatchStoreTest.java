package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.store.Database;
import org.respaldo.store.Jdbc;
import org.respaldo.store.Once;
import org.respaldo.testing.Databases;

/** The watch's queries, on H2 and PostgreSQL alike: last good runs, first acceptances, open breaches, unreported failed mails, V11. */
class WatchStoreTest {

    static final Instant T0 = Instant.parse("2026-11-20T04:30:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theWatchReadsEverySchedulesStateInOneQueryEach(String kind) throws Exception {
        try (Database db = Databases.open(kind, dir, 4)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.inTransaction("fixture", c -> {
                for (String id : List.of("a", "b")) {
                    Jdbc.exec(c, "INSERT INTO schedule (id, active_version, enabled, updated_at) VALUES (?, 2, TRUE, ?)", id, Jdbc.utc(T0));
                    for (int v = 1; v <= 2; v++) {
                        Jdbc.exec(c, "INSERT INTO schedule_version (schedule_id, version, accepted_at, owner, sha256, source_file,"
                                + " archived_file, content) VALUES (?, ?, ?, 'o@x.gt', ?, 'f', 'f', '{}')", id, v,
                                Jdbc.utc(T0.plus(Duration.ofDays(v))), "0".repeat(64));
                    }
                }
                run(c, "a-1", "a", T0.plus(Duration.ofHours(1)), "SUCCESS");
                run(c, "a-2", "a", T0.plus(Duration.ofHours(2)), "WARNING");
                run(c, "a-3", "a", T0.plus(Duration.ofHours(3)), "FAILED");
                run(c, "b-1", "b", T0.plus(Duration.ofHours(1)), "FAILED");
                return null;
            });
            WatchStore store = new WatchStore(db.dataSource());

            Map<String, WatchStore.Good> good = store.lastGoodRuns();
            assertThat(good).containsOnlyKeys("a");
            assertThat(good.get("a")).isEqualTo(new WatchStore.Good("a-2", T0.plus(Duration.ofHours(2))));
            assertThat(store.firstAccepted()).containsEntry("a", T0.plus(Duration.ofDays(1))).containsEntry("b", T0.plus(Duration.ofDays(1)));

            Once once = new Once(db.dataSource(), "nodo");
            once.claim("stale:a:run:a-1", T0, null);
            once.claim("recovered:a:run:a-1", T0, null);
            once.claim("stale:a:run:a-2", T0, null);
            once.claim("stale:b:accepted:" + T0, T0, null);
            assertThat(store.openBreaches()).containsOnlyKeys("a", "b").containsEntry("a", List.of("run:a-2"))
                    .containsEntry("b", List.of("accepted:" + T0));

            long failed = jdbc.inTransaction("mail", c -> {
                long id = Outbox.enqueue(c, new Mail("failed", List.of("d@x.gt"), "asunto", "t", "h", Map.of(Mail.EVENT_HEADER, "failed"),
                        List.of()), false, T0);
                Outbox.markFailed(c, id, "550 no");
                Outbox.enqueue(c, new Mail("stale", List.of("d@x.gt"), "pendiente", "t", "h", Map.of(), List.of()), false, T0);
                return id;
            });
            assertThat(store.unreportedFailedMails(10)).extracting(WatchStore.Undelivered::id, WatchStore.Undelivered::error)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(failed, "550 no"));
            once.claim(WatchStore.DIGEST_MAIL + failed, T0, null);
            assertThat(store.unreportedFailedMails(10)).isEmpty();

            LocalDate day = LocalDate.of(2026, 11, 20);
            jdbc.inTransaction("repositories", c -> {
                WatchStore.saveRepositories(c, day.minusDays(40), List.of(new WatchStore.RepositorySpace("principal", "viejo", 1, 2)), T0);
                WatchStore.saveRepositories(c, day, List.of(new WatchStore.RepositorySpace("principal", "Repositorio-CD-Local", 1000.5,
                        4000)), T0);
                WatchStore.saveRepositories(c, day, List.of(new WatchStore.RepositorySpace("principal", "Repositorio-CD-Local", 999.5,
                        4000)), T0);
                WatchStore.forgetBefore(c, day.minusDays(35));
                return null;
            });
            assertThat(store.repositoriesOn(day)).containsExactly(new WatchStore.RepositorySpace("principal", "Repositorio-CD-Local",
                    999.5, 4000));
            assertThat(store.repositoriesOn(day.minusDays(40))).isEmpty();
            assertThat(store.repositoriesOn(day.minusDays(7))).isEmpty();
        }
    }

    private static void run(java.sql.Connection c, String id, String schedule, Instant started, String result) throws java.sql.SQLException {
        Jdbc.exec(c, "INSERT INTO run (id, schedule_id, schedule_version, trigger_kind, scheduled_fire_time, queued_at, started_at,"
                + " ended_at, status, result, reasons) VALUES (?, ?, 2, 'schedule', ?, ?, ?, ?, 'CONCLUDED', ?, '[]')", id, schedule,
                Jdbc.utc(started), Jdbc.utc(started), Jdbc.utc(started), Jdbc.utc(started.plusSeconds(600)), result);
    }
}
