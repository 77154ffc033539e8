package org.respaldo.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report files: {@code reports/<schedule>/<run>.json}, written whenever a run's status changes,
 * from the run as stored (so the last one is byte for byte GET /api/runs/{id} of the concluded run).
 * Written atomically (a temporary hidden file, then a rename).
 */
public final class RunReports {

    private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

    private final Path dir;
    private final RunStore store;

    public RunReports(Path dir, RunStore store) {
        this.dir = dir;
        this.store = store;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String scheduleId, String runId) {
        return dir.resolve(scheduleId).resolve(runId + ".json");
    }

    /**
     * Writes the report of the run as it is stored now.
     *
     * @throws IOException when the reports folder cannot be written (the caller decides what that means for the run)
     */
    public Path write(String runId) throws IOException {
        Run run = store.get(runId).orElseThrow(() -> new IOException("no run " + runId));
        Path file = file(run.scheduleId(), run.id());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + run.id() + ".json.tmp");
        Files.write(tmp, RunJson.report(run));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Writes the report; a failure is logged with what to do, and reported as false. */
    public boolean writeQuietly(String runId) {
        try {
            write(runId);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("The report of run {} could not be written to {}: {}. Check that the folder exists and Respaldo may write"
                    + " there (respaldo.data-dir); GET /api/runs/{} has the same content.", runId, dir, e.getMessage(), runId);
            return false;
        }
    }
}
