package org.respaldo.run;

import static org.respaldo.run.Texts.t;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.availability.AvailabilityCheck;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.storage.StoragePathCheck;
import org.respaldo.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of a run, called one by one from the {@code run} route (routes/run.camel.yaml).
 * Each stage's start, end and outcome is stored as it happens.
 */
public final class RunPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);
    static final DateTimeFormatter ID_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ScheduleRegistry schedules;
    private final RunStore store;
    private final AvailabilityCheck availability;
    private final StoragePathCheck storage;
    private final BackupExecution backup;
    private final Path reports;
    private final Clock clock;

    public RunPipeline(ScheduleRegistry schedules, RunStore store, AvailabilityCheck availability, StoragePathCheck storage,
            BackupExecution backup, Path reports, Clock clock) {
        this.schedules = schedules;
        this.store = store;
        this.availability = availability;
        this.storage = storage;
        this.backup = backup;
        this.reports = reports;
        this.clock = clock;
    }

    /** Creates the run of a fire (null when the schedule no longer exists). */
    public RunContext begin(Fire fire) {
        ActiveSchedule active = schedules.get(fire.scheduleId()).orElse(null);
        if (active == null) {
            LOG.error("Fire of unknown schedule {}; no run created", fire.scheduleId());
            return null;
        }
        Instant now = clock.instant();
        String id = ID_STAMP.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        RunContext run = new RunContext(id, fire, active, now, RunWindow.deadline(active.schedule(), now));
        store.create(run.snapshot());
        LOG.info("Run {} of {} v{} started; deadline {}", id, fire.scheduleId(), active.version(), run.deadline());
        return run;
    }

    /** Step 2: every failing availability condition becomes a reason, and the run is SKIPPED. */
    public RunContext availability(RunContext run) throws InterruptedException {
        Instant start = clock.instant();
        List<String> reasons = availability.reasons(run);
        if (reasons.isEmpty()) {
            stage(run, "availability", start, "OK", run.veeamJobs().size() + " job(s)");
        } else {
            run.addReasons(reasons);
            stage(run, "availability", start, "SKIPPED", String.join("; ", reasons));
            run.end(clock.instant(), Run.Result.SKIPPED);
            LOG.warn("Run {} of {} skipped: {}", run.id(), run.schedule().id(), reasons);
        }
        return run;
    }

    /** Whether the run goes on to the next stage. */
    public boolean proceeds(RunContext run) {
        return run.result() == null;
    }

    /** Step 3 is the mail (routes); this records that the instructions were handed over. */
    public RunContext instructed(RunContext run, Object mail) {
        Instant now = clock.instant();
        stage(run, "instructions", now, mail == null ? "NONE" : "SENT",
                mail == null ? t(run.schedule().notification().language(), "sin técnicos que notificar", "no technicians to notify")
                        : String.join(", ", run.schedule().notification().technicians()));
        return run;
    }

    /** Step 5: a repository or path mismatch fails the run before any job starts. */
    public RunContext storage(RunContext run) {
        Instant start = clock.instant();
        List<String> problems = storage.problems(run);
        if (problems.isEmpty()) {
            Schedule s = run.schedule();
            stage(run, "storage", start, "OK", s.storage().repository() + " " + s.storage().path());
        } else {
            run.addReasons(problems);
            stage(run, "storage", start, "FAILED", String.join("; ", problems));
            run.end(clock.instant(), Run.Result.FAILED);
            LOG.error("Run {} of {} failed at the storage path check: {}", run.id(), run.schedule().id(), problems);
        }
        return run;
    }

    /** Step 6: every job, to its end. */
    public RunContext backup(RunContext run) throws InterruptedException {
        Instant start = clock.instant();
        Run.Stage running = new Run.Stage("backup", start, null, "RUNNING", null);
        int index = run.addStage(running);
        store.saveStage(run.id(), index, running);
        backup.execute(run);
        long ok = run.jobs().stream().filter(j -> j.result() == Run.JobResult.SUCCESS).count();
        Run.Stage done = new Run.Stage("backup", start, clock.instant(), outcome(run.jobs()).name(),
                ok + "/" + run.jobs().size() + " SUCCESS");
        run.replaceStage(index, done);
        store.saveStage(run.id(), index, done);
        return run;
    }

    /** Steps 7–8: the result, the report file; the run stays RUNNING until the Director's mail is accepted. */
    public RunContext conclude(RunContext run) {
        Instant now = clock.instant();
        if (run.result() == null) {
            run.end(now, outcome(run.jobs()));
        }
        store.finish(run.id(), now, run.result(), run.reasons());
        Path file = writeReport(run);
        stage(run, "conclusion", now, run.result().name(), reports.relativize(file).toString());
        LOG.info("Run {} of {}: {} ({} job(s)); report {}", run.id(), run.schedule().id(), run.result(), run.jobs().size(), file);
        return run;
    }

    /** The Director's mail could not be sent: the run stays RUNNING (not concluded) and says why. */
    public RunContext mailFailed(RunContext run, String error) {
        stage(run, "director-mail", clock.instant(), "FAILED", error);
        LOG.error("Run {} of {} is not CONCLUDED: the Director's mail was not accepted by the SMTP server ({})."
                + " Check respaldo.mail.* and the SMTP server; the report is in {}", run.id(), run.schedule().id(), error,
                reports.resolve(run.schedule().id()));
        return run;
    }

    /** The Director's mail was accepted by the SMTP server: the run is CONCLUDED. */
    public RunContext concluded(RunContext run) {
        store.conclude(run.id());
        run.concluded();
        LOG.info("Run {} of {} CONCLUDED", run.id(), run.schedule().id());
        return run;
    }

    /** The report: the run as the API shows it, with the schedule's storage and the next fire. */
    public byte[] report(RunContext run) {
        ObjectNode o = RunJson.full(run.snapshot());
        Schedule s = run.schedule();
        o.put("scheduleTitle", s.title());
        o.put("repository", s.storage().repository());
        o.put("path", s.storage().path());
        o.put("veeamServer", s.veeam().server());
        ZonedDateTime next = nextFire(run);
        o.put("nextFireTime", next == null ? null : Json.time(next));
        return Json.write(o).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public ZonedDateTime nextFire(RunContext run) {
        return schedules.triggers().nextFireTime(run.schedule());
    }

    private Path writeReport(RunContext run) {
        Path dir = reports.resolve(run.schedule().id());
        Path file = dir.resolve(run.id() + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + run.id() + ".json.tmp");
            Files.write(tmp, report(run));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not write the report " + file + ": " + e.getMessage(), e);
        }
    }

    private void stage(RunContext run, String name, Instant start, String outcome, String detail) {
        Run.Stage stage = new Run.Stage(name, start, clock.instant(), outcome, detail);
        store.saveStage(run.id(), run.addStage(stage), stage);
    }

    static Run.Result outcome(List<Run.Job> jobs) {
        boolean warning = false;
        for (Run.Job j : jobs) {
            switch (j.result()) {
                case FAILED, TIMED_OUT, NOT_STARTED -> {
                    return Run.Result.FAILED;
                }
                case WARNING -> warning = true;
                default -> {
                }
            }
        }
        return warning ? Run.Result.WARNING : Run.Result.SUCCESS;
    }
}
