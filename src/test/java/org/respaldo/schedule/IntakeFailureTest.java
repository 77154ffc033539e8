package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.respaldo.store.Database;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.LogLines;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * The intake's error path: when a file cannot be registered because of an internal error (here
 * the database is gone), it is kept in inbox/.failed with a reason that says what happened and
 * what to do, and one ERROR line says so; the inbox goes on with the next file.
 */
class IntakeFailureTest {

    static final Path DATA = Path.of("target/it/intake-failure");

    @Test
    void aFileThatCannotBeRegisteredIsKeptInFailedWithAReason() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Path inbox = DATA.resolve("inbox");
        try (RespaldoApp app = RespaldoApp.start(DATA, Ports.free(), Map.of("respaldo.intake.min-age-ms", "200",
                "respaldo.veeam.retry-attempts", "1"));
                LogLines log = LogLines.capture()) {
            app.bean("database", Database.class).close();
            String content = ScheduleFiles.nightly("sin-base", "Sin base de datos");
            ScheduleFiles.drop(inbox, "sin base\n.yaml", content);
            ScheduleFiles.drop(inbox, "otra.yaml", ScheduleFiles.nightly("otra", "Otra"));
            Path failed = inbox.resolve(".failed");
            Eventually.await(Duration.ofSeconds(15), "both files in .failed with their reasons",
                    () -> ScheduleFiles.find(failed, ".reason.txt").size() == 2);
            List<Path> kept = ScheduleFiles.find(failed, "-sin base\n.yaml");
            assertThat(kept).hasSize(1);
            assertThat(Files.readString(kept.get(0))).isEqualTo(content);
            String reason = Files.readString(kept.get(0).resolveSibling(kept.get(0).getFileName() + ".reason.txt"));
            assertThat(reason).contains("«sin base\\n.yaml»", "internal error", "the file was NOT registered",
                    "move the file back into the inbox");
            assertThat(log.containing("ERROR", "schedule file sin base\\n.yaml could not be processed", "Kept in inbox/.failed/"))
                    .hasSize(1).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
            assertThat(inbox.resolve("otra.yaml")).doesNotExist();
            // the metrics count them as failed (counters live in memory: no database needed)
            String metrics = org.respaldo.testing.Http.get(app.url("/observe/metrics")).body();
            assertThat(metrics).contains("respaldo_intake_files_total{outcome=\"failed\"} 2.0",
                    "respaldo_intake_files_total{outcome=\"accepted\"} 0.0");
        }
    }
}
