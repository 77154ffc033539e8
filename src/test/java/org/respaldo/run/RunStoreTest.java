package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.schedule.ScheduleStore;
import org.respaldo.store.Database;
import org.respaldo.testing.Databases;

/** The run state machine over real JDBC, on H2 and on PostgreSQL. */
class RunStoreTest {

    static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");
    static final Run.Target TARGET = new Run.Target("Nocturno", "principal", "Repositorio-CD-Local", "D:\\Backups");

    @TempDir
    Path dir;

    private Database open(String kind) {
        Database db = Databases.open(kind, dir, 8);
        new ScheduleStore(db.dataSource()).accept("nocturno", true, T0, "d@x.gt", "a".repeat(64), "n.yaml", "x", "{}");
        return db;
    }

    private static RunStore.NewRun newRun(String id, Instant fire) {
        return new RunStore.NewRun(id, "nocturno", 1, Run.Trigger.SCHEDULE, fire, fire.plusMillis(20), fire.plus(Duration.ofHours(5)),
                TARGET);
    }

    private static Mail mail(String event, String runId) {
        return new Mail(event, List.of("director@mineco.gob.gt"), "[Respaldo] " + event, "texto", "<p>html</p>",
                Map.of(Mail.EVENT_HEADER, event, Mail.SCHEDULE_HEADER, "nocturno", Mail.RUN_HEADER, runId), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aFireAndItsQueuedRunAreOneRecordAndAFireTimeIsNeverQueuedTwice(String kind) {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            assertThat(store.enqueue(newRun("r1", T0), T0)).isTrue();
            assertThat(store.enqueue(newRun("r1-bis", T0), T0)).as("same schedule, same fire time").isFalse();
            assertThat(store.get("r1-bis")).isEmpty();
            assertThat(store.fireRecorded("nocturno", T0)).isTrue();

            Run r = store.get("r1").orElseThrow();
            assertThat(r.status()).isEqualTo(Run.Status.QUEUED);
            assertThat(r.trigger()).isEqualTo(Run.Trigger.SCHEDULE);
            assertThat(r.startedAt()).isNull();
            assertThat(r.target()).isEqualTo(TARGET);
            assertThat(store.queuedDue(T0, 10)).containsExactly("r1");
            assertThat(store.resumable("any")).containsExactly("r1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunGoesFromQueuedToConcludedWithItsStagesJobsAndTheDirectorsMailInOneTransactionEach(String kind) {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            Outbox outbox = new Outbox(db.dataSource(), java.time.Clock.systemUTC());
            store.enqueue(newRun("r1", T0), T0);
            assertThat(store.claim("r1", "nodo-a", T0.plusSeconds(1), T0.plus(Duration.ofHours(5)))).isTrue();
            assertThat(store.claim("r1", "nodo-b", T0.plusSeconds(1), T0.plus(Duration.ofHours(5)))).as("claimed once").isFalse();
            store.beginBackup("r1", List.of(new Run.Stage("availability", T0, T0.plusSeconds(1), "OK", "1 job(s)")),
                    List.of(Run.Job.pending("BD-Oracle-SIAF", "job-1", "principal")), T0.plusSeconds(1),
                    List.of(new RunStore.Notice(mail("started", "r1"), false)));
            assertThat(store.runningOf("nodo-a")).containsExactly("r1");
            assertThat(store.progressOf("r1").orElseThrow().step()).isEqualTo("backup");
            assertThat(outbox.forRun("r1")).extracting(Outbox.Entry::event).containsExactly("started");

            Run.Job done = Run.Job.pending("BD-Oracle-SIAF", "job-1", "principal").started("s-1", T0.plusSeconds(2), null)
                    .done(Run.JobResult.WARNING, T0.plusSeconds(60), "Job finished with warning", List.of("Warning: low space"));
            store.saveJob("r1", 0, done);
            store.jobEvent("r1", "BD-Oracle-SIAF", "s-1", T0.plusSeconds(5), "WORKING", 40, "NONE");
            assertThat(store.activeBefore("nocturno", T0.plusSeconds(3600), "later")).containsExactly("r1");

            assertThat(store.finishWithStages("r1", T0.plusSeconds(61), Run.Result.WARNING, List.of(),
                    List.of(new Run.Stage("availability", T0, T0.plusSeconds(1), "OK", "1 job(s)"),
                            new Run.Stage("conclusion", T0.plusSeconds(61), T0.plusSeconds(61), "WARNING", "reports/x")),
                    List.of(new RunStore.Notice(mail("warning", "r1"), true)))).isTrue();
            assertThat(store.activeBefore("nocturno", T0.plusSeconds(3600), "later")).as("NOTIFYING no longer holds later runs")
                    .isEmpty();
            Run notifying = store.get("r1").orElseThrow();
            assertThat(notifying.status()).isEqualTo(Run.Status.NOTIFYING);
            assertThat(notifying.directorReached()).isNull();
            Outbox.Entry conclusion = outbox.forRun("r1").get(1);
            assertThat(conclusion.concludesRun()).isTrue();

            assertThat(store.directorReached("r1", conclusion.id(), T0.plusSeconds(62))).isTrue();
            Run r = store.get("r1").orElseThrow();
            assertThat(r.status()).isEqualTo(Run.Status.CONCLUDED);
            assertThat(r.directorReached()).isTrue();
            assertThat(r.result()).isEqualTo(Run.Result.WARNING);
            assertThat(r.node()).isEqualTo("nodo-a");
            assertThat(r.stages()).extracting(Run.Stage::name).containsExactly("availability", "conclusion");
            assertThat(r.jobs().get(0).state()).isEqualTo(Run.JobState.DONE);
            assertThat(r.jobs().get(0).attempts()).isZero();
            assertThat(r.jobs().get(0).logRecords()).containsExactly("Warning: low space");
            assertThat(store.jobEvents("r1")).containsExactly("BD-Oracle-SIAF|WORKING|40");
            assertThat(outbox.get(conclusion.id()).orElseThrow().status()).isEqualTo(Outbox.Status.SENT);
            assertThat(store.successfulDurations("nocturno", 5)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aConclusionMailThatGaveUpConcludesTheRunSayingTheDirectorWasNotReached(String kind) {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            Outbox outbox = new Outbox(db.dataSource(), java.time.Clock.systemUTC());
            store.enqueue(newRun("r1", T0), T0);
            store.finish("r1", T0.plusSeconds(5), Run.Result.SKIPPED, List.of("fuera de la ventana"),
                    List.of(new RunStore.Notice(mail("skipped", "r1"), true)));
            long id = outbox.forRun("r1").get(0).id();
            assertThat(store.directorNotReached("r1", id, "Connection refused", "no se pudo avisar al Director")).isTrue();
            Run r = store.get("r1").orElseThrow();
            assertThat(r.status()).isEqualTo(Run.Status.CONCLUDED);
            assertThat(r.directorReached()).isFalse();
            assertThat(r.reasons()).containsExactly("fuera de la ventana", "no se pudo avisar al Director");
            assertThat(outbox.get(id).orElseThrow().status()).isEqualTo(Outbox.Status.FAILED);
            assertThat(outbox.get(id).orElseThrow().lastError()).isEqualTo("Connection refused");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aMissedFireIsARunThatEndsAtOnceWithItsMailAndIsRecordedOnce(String kind) {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            Outbox outbox = new Outbox(db.dataSource(), java.time.Clock.systemUTC());
            List<RunStore.Notice> mails = List.of(new RunStore.Notice(mail("missed", "m1"), true));
            assertThat(store.recordMissed(newRun("m1", T0), List.of("Respaldo estaba detenido"), T0.plusSeconds(3600), mails)).isTrue();
            assertThat(store.recordMissed(newRun("m2", T0), List.of("otra vez"), T0.plusSeconds(3601), mails)).isFalse();
            Run r = store.get("m1").orElseThrow();
            assertThat(r.status()).isEqualTo(Run.Status.NOTIFYING);
            assertThat(r.result()).isEqualTo(Run.Result.MISSED);
            assertThat(r.reasons()).containsExactly("Respaldo estaba detenido");
            assertThat(outbox.forRun("m1")).hasSize(1);
            assertThat(store.get("m2")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void slotsOfAVeeamServerNeverExceedTheLimitWhateverTheNumberOfTakersAtOnce(String kind) throws Exception {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            store.ensureSlotRow("principal");
            store.ensureSlotRow("principal");
            int runs = 12;
            for (int i = 0; i < runs; i++) {
                store.enqueue(newRun("r" + i, T0.plusSeconds(i)), T0);
                store.claim("r" + i, "nodo", T0, T0.plus(Duration.ofHours(5)));
                store.beginBackup("r" + i, List.of(), List.of(Run.Job.pending("J" + i, "job-" + i, "principal")), T0, List.of());
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            AtomicInteger taken = new AtomicInteger();
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String id = "r" + i;
                all.add(pool.submit(() -> {
                    if (store.takeSlot("principal", 4, id, 0, T0)) {
                        taken.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            pool.shutdown();
            assertThat(taken.get()).isEqualTo(4);
            assertThat(store.slotsInUse("principal")).isEqualTo(4);
            Run r = store.get(store.list("nocturno", 100).stream().filter(x -> store.get(x.id()).orElseThrow().jobs().get(0).state()
                    == Run.JobState.STARTING).findFirst().orElseThrow().id()).orElseThrow();
            assertThat(r.jobs().get(0).attempts()).isEqualTo(1);
            assertThat(r.jobs().get(0).startRequestedAt()).isEqualTo(T0);
            store.saveJob(r.id(), 0, r.jobs().get(0).done(Run.JobResult.SUCCESS, T0, null, List.of()));
            assertThat(store.slotsInUse("principal")).as("a job that is done gives its slot back").isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aNodeChecksInAndItsPreviousCheckInSaysHowLongItWasAway(String kind) {
        try (Database db = open(kind)) {
            RunStore store = new RunStore(db.dataSource());
            assertThat(store.checkIn("nodo-a", "srv1", T0, T0, "1")).isNull();
            assertThat(store.checkIn("nodo-a", "srv1", T0, T0.plusSeconds(10), "1")).isEqualTo(T0);
            store.checkIn("nodo-b", "srv2", T0, T0.plusSeconds(100), "1");
            assertThat(store.silentNodes(T0.plusSeconds(50))).extracting(RunStore.NodeCheckin::node).containsExactly("nodo-a");
            store.enqueue(newRun("r1", T0), T0);
            store.claim("r1", "nodo-a", T0, T0.plus(Duration.ofHours(5)));
            assertThat(store.adopt("r1", "nodo-a", "nodo-b")).isTrue();
            assertThat(store.adopt("r1", "nodo-a", "nodo-c")).as("taken over once").isFalse();
            assertThat(store.runningOf("nodo-b")).containsExactly("r1");
        }
    }
}
