package org.respaldo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.schedule.ScheduleStore;
import org.respaldo.store.Database;
import org.respaldo.testing.Databases;

/** The run history over real JDBC, on H2 and on PostgreSQL. */
class RunStoreTest {

    @TempDir
    Path dir;

    private Database open(String kind) {
        return kind.equals("h2") ? Database.open("", "", "", dir, 2) : Database.open(Databases.postgres(), Databases.PG_USER, "", dir, 2);
    }

    private static Run run(String id, Instant start) {
        return new Run(id, "nocturno", 1, start, start, null, Run.Status.RUNNING, null, List.of(), List.of(), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunIsStoredWithItsStagesAndJobsAndConcludes(String kind) {
        try (Database db = open(kind)) {
            new ScheduleStore(db.dataSource()).accept("nocturno", true, Instant.now(), "d@x.gt", "a".repeat(64), "n.yaml", "x", "{}");
            RunStore store = new RunStore(db.dataSource());
            Instant t0 = Instant.parse("2026-11-24T04:00:00Z");
            store.create(run("r1", t0));
            store.saveStage("r1", 0, new Run.Stage("availability", t0, t0.plusSeconds(1), "OK", "2 job(s)"));
            store.saveJob("r1", 0, new Run.Job("BD-Oracle-SIAF", "s-1", Run.JobResult.WARNING, t0, t0.plusSeconds(60), 2,
                    "Job finished with warning", List.of("Warning: low space")));
            store.jobEvent("r1", "BD-Oracle-SIAF", "s-1", t0.plusSeconds(5), "WORKING", 40, "NONE");
            assertThat(store.activeRuns("nocturno", "other")).containsExactly("r1");
            store.finish("r1", t0.plusSeconds(61), Run.Result.WARNING, List.of());
            assertThat(store.activeRuns("nocturno", "other")).isEmpty();
            assertThat(store.get("r1").orElseThrow().status()).isEqualTo(Run.Status.RUNNING);
            store.conclude("r1");

            Run r = store.get("r1").orElseThrow();
            assertThat(r.status()).isEqualTo(Run.Status.CONCLUDED);
            assertThat(r.result()).isEqualTo(Run.Result.WARNING);
            assertThat(r.stages()).extracting(Run.Stage::name).containsExactly("availability");
            assertThat(r.jobs().get(0).attempts()).isEqualTo(2);
            assertThat(r.jobs().get(0).logRecords()).containsExactly("Warning: low space");
            assertThat(store.jobEvents("r1")).containsExactly("BD-Oracle-SIAF|WORKING|40");
            assertThat(store.list("nocturno", 10)).extracting(Run::id).containsExactly("r1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void runsLeftUnfinishedByAStoppedProcessAreClosedSoTheyNoLongerBlockLaterFires(String kind) {
        try (Database db = open(kind)) {
            new ScheduleStore(db.dataSource()).accept("nocturno", true, Instant.now(), "d@x.gt", "a".repeat(64), "n.yaml", "x", "{}");
            RunStore store = new RunStore(db.dataSource());
            Instant t0 = Instant.parse("2026-11-24T04:00:00Z");
            store.create(run("viejo", t0));
            store.create(run("terminado", t0.minus(Duration.ofDays(1))));
            store.finish("terminado", t0.minus(Duration.ofDays(1)).plusSeconds(60), Run.Result.SUCCESS, List.of());

            assertThat(store.closeInterrupted(t0.plusSeconds(600), "interrumpida")).containsExactly("viejo");
            assertThat(store.activeRuns("nocturno", "nuevo")).isEmpty();
            Run r = store.get("viejo").orElseThrow();
            assertThat(r.result()).isEqualTo(Run.Result.FAILED);
            assertThat(r.reasons()).containsExactly("interrumpida");
            assertThat(store.get("terminado").orElseThrow().result()).isEqualTo(Run.Result.SUCCESS);
            assertThat(store.successfulDurations("nocturno", 5)).containsExactly(Duration.ofSeconds(60));
        }
    }
}
