package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.store.Database;
import org.respaldo.testing.Databases;

/** The schedule store over real JDBC, on H2 and on PostgreSQL. */
class ScheduleStoreTest {

    @TempDir
    Path dir;

    private Database open(String kind) {
        String url = kind.equals("h2") ? "" : Databases.postgres();
        return Database.open(url, kind.equals("h2") ? "" : Databases.PG_USER, "", dir, 2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void versionsAccumulateAndTheLastIsActive(String kind) {
        try (Database db = open(kind)) {
            ScheduleStore store = new ScheduleStore(db.dataSource());
            Instant t1 = Instant.parse("2026-11-23T10:00:00.123Z");
            Instant t2 = Instant.parse("2026-11-24T10:00:00.456Z");
            int v1 = store.accept("nocturno", true, t1, "director@mineco.gob.gt", "a".repeat(64), "n.yaml",
                    ".accepted/nocturno/1-n.yaml", "{\"id\":\"nocturno\"}");
            int v2 = store.accept("nocturno", false, t2, "otro@mineco.gob.gt", "b".repeat(64), "n2.yaml",
                    ".accepted/nocturno/2-n2.yaml", "{\"id\":\"nocturno\",\"enabled\":false}");
            store.accept("semanal", true, t1, "director@mineco.gob.gt", "c".repeat(64), "s.json",
                    ".accepted/semanal/1-s.json", "{\"id\":\"semanal\"}");

            assertThat(v1).isEqualTo(1);
            assertThat(v2).isEqualTo(2);
            List<ScheduleStore.Active> active = store.activeVersions();
            assertThat(active).extracting(a -> a.version().scheduleId()).containsExactly("nocturno", "semanal");
            ScheduleStore.Active nocturno = active.get(0);
            assertThat(nocturno.version().version()).isEqualTo(2);
            assertThat(nocturno.enabled()).isFalse();
            assertThat(nocturno.version().acceptedAt()).isEqualTo(t2);
            assertThat(nocturno.version().content()).contains("\"enabled\":false");

            List<ScheduleStore.Version> history = store.history("nocturno");
            assertThat(history).extracting(ScheduleStore.Version::version).containsExactly(1, 2);
            assertThat(history.get(0).owner()).isEqualTo("director@mineco.gob.gt");
            assertThat(history.get(0).sha256()).isEqualTo("a".repeat(64));
            assertThat(history.get(0).sourceFile()).isEqualTo("n.yaml");
            assertThat(history.get(0).acceptedAt()).isEqualTo(t1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theSchedulesChangedSinceAMomentAreThoseWhoseActiveVersionCameAfterIt(String kind) throws Exception {
        try (Database db = open(kind)) {
            ScheduleStore store = new ScheduleStore(db.dataSource());
            Instant t1 = Instant.parse("2026-12-01T10:00:00Z");
            Instant t2 = t1.plusSeconds(60);
            store.accept("diario", true, t1, "d@mineco.gob.gt", "a".repeat(64), "d.yaml", "x", "{\"v\":1}");
            store.accept("semanal", true, t1, "d@mineco.gob.gt", "b".repeat(64), "s.yaml", "y", "{\"v\":1}");
            store.accept("semanal", true, t2, "d@mineco.gob.gt", "c".repeat(64), "s.yaml", "z", "{\"v\":2}");

            assertThat(store.changedSince(t1.plusSeconds(1))).singleElement().satisfies(c -> {
                assertThat(c.version().scheduleId()).isEqualTo("semanal");
                assertThat(c.version().version()).isEqualTo(2);
                assertThat(c.updatedAt()).isEqualTo(t2);
            });
            assertThat(store.changedSince(t1)).extracting(c -> c.version().scheduleId()).containsExactly("diario", "semanal");
            assertThat(store.changedSince(t2.plusMillis(1))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersionIsReadBackAndWhatItsTriggerFiresByIsReadFromQuartz(String kind) throws Exception {
        try (Database db = open(kind)) {
            ScheduleStore store = new ScheduleStore(db.dataSource());
            store.accept("nocturno", true, Instant.now(), "d@mineco.gob.gt", "a".repeat(64), "n.yaml", "x", "{\"v\":1}");
            store.accept("nocturno", true, Instant.now(), "d@mineco.gob.gt", "b".repeat(64), "n.yaml", "y", "{\"v\":2}");
            assertThat(store.version("nocturno", 1).orElseThrow().content()).isEqualTo("{\"v\":1}");
            assertThat(store.version("nocturno", 3)).isEmpty();
            assertThat(store.triggerSignatures()).isEmpty();
            assertThat(store.triggerSignature("nocturno")).isNull();

            org.quartz.Scheduler scheduler = QuartzStore.factory(db.dataSource(), new QuartzStore.Config(kind, "store-test", 1,
                    java.time.Duration.ofMinutes(1), false, java.time.Duration.ofSeconds(15))).getScheduler(); // never started
            try {
                ScheduleTriggers triggers = new ScheduleTriggers(fire -> {
                }, missed -> {
                }, (id, version) -> null, id -> null, java.time.Clock.systemUTC());
                triggers.attach(scheduler);
                Schedule nightly = Corpus.validator().restore(ScheduleJson.toJson(Corpus.schedule(Corpus.VALID.resolve("minimo.yaml")))
                        .put("id", "nocturno"));
                assertThat(triggers.register(new ActiveSchedule(nightly, 2, Instant.now(), "n.yaml", "b".repeat(64)), Instant.now()))
                        .isTrue();
                // the trigger carries it: no write of the schedule's row, and nothing to disagree with
                assertThat(store.triggerSignatures()).containsExactly(java.util.Map.entry("nocturno", ScheduleTriggers.signature(nightly)));
                assertThat(store.triggerSignature("nocturno")).isEqualTo(ScheduleTriggers.signature(nightly));
                assertThat(store.changedSince(Instant.EPOCH)).singleElement()
                        .satisfies(c -> assertThat(c.triggerSignature()).isEqualTo(ScheduleTriggers.signature(nightly)));

                // a trigger registered by an earlier Respaldo: its description has no signature, the schedule's row has it
                var old = (org.quartz.spi.MutableTrigger) scheduler.getTrigger(ScheduleTriggers.triggerKey("nocturno"))
                        .getTriggerBuilder().withDescription("nocturno v2").build();
                scheduler.rescheduleJob(ScheduleTriggers.triggerKey("nocturno"), old);
                new org.respaldo.store.Jdbc(db.dataSource()).update("legacy", "UPDATE schedule SET trigger_signature = ? WHERE id = ?",
                        "c".repeat(64), "nocturno");
                assertThat(store.triggerSignatures()).containsEntry("nocturno", "c".repeat(64));
                assertThat(store.triggerSignature("nocturno")).isEqualTo("c".repeat(64));

                // no trigger, no signature, whatever the row still says
                triggers.unregister("nocturno");
                assertThat(store.triggerSignatures()).isEmpty();
                assertThat(store.triggerSignature("nocturno")).isNull();
                assertThat(store.changedSince(Instant.EPOCH)).singleElement().satisfies(c -> assertThat(c.triggerSignature()).isNull());
            } finally {
                scheduler.shutdown(false);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void migrationsRunOnceAndReopeningKeepsTheData(String kind) {
        String url = kind.equals("h2") ? "" : Databases.postgres();
        String user = kind.equals("h2") ? "" : Databases.PG_USER;
        try (Database db = Database.open(url, user, "", dir, 2)) {
            new ScheduleStore(db.dataSource()).accept("a", true, Instant.now(), "d@x.gt", "a".repeat(64), "a.yaml", "x", "{}");
        }
        try (Database db = Database.open(url, user, "", dir, 2)) {
            assertThat(new ScheduleStore(db.dataSource()).activeVersions()).hasSize(1);
        }
    }
}
