package org.respaldo.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The simulated server's state: jobs, repositories, sessions, backups and restore points, and
 * the session state machine. Every method is synchronized; {@link #advance(Instant)} moves all
 * running sessions along the clock before anything is read.
 */
final class Datacenter {

    static final class JobState {
        final Inventory.Job def;
        final String id;
        final RepoState repository;
        volatile Inventory.Behaviour behaviour;
        SimSession lastSession;
        Instant lastRun;
        String lastResult = "None";
        int retries;

        JobState(Inventory.Job def, RepoState repository) {
            this.def = def;
            this.id = uuid("job:" + def.name());
            this.repository = repository;
            this.behaviour = def.behaviour();
        }

        boolean running() {
            return lastSession != null && lastSession.running();
        }
    }

    static final class RepoState {
        final Inventory.Repository def;
        final String id;
        final String hostId;
        double freeGB;
        double usedGB;
        boolean online;

        RepoState(Inventory.Repository def) {
            this.def = def;
            this.id = uuid("repository:" + def.name());
            this.hostId = uuid("host:" + def.hostName());
            this.freeGB = def.freeGB();
            this.usedGB = def.usedSpaceGB();
            this.online = def.online();
        }
    }

    record Backup(String id, JobState job, Instant creationTime) {
    }

    record RestorePoint(String id, String name, Instant creationTime, Backup backup, String sessionId, String type,
                        double sizeGB) {
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private final Inventory inventory;
    private final ZoneId zone;
    private volatile double timeScale;
    private final Map<String, JobState> jobsById = new LinkedHashMap<>();
    private final Map<String, JobState> jobsByName = new LinkedHashMap<>();
    private final Map<String, RepoState> reposById = new LinkedHashMap<>();
    private final Map<String, SimSession> sessions = new LinkedHashMap<>();
    private final List<SimSession> active = new ArrayList<>();
    private final Map<String, Backup> backupsByJob = new LinkedHashMap<>();
    private final List<RestorePoint> restorePoints = new ArrayList<>();
    private long usn = 1000;

    Datacenter(Inventory inventory, double timeScale) {
        this.inventory = inventory;
        this.zone = ZoneId.of(inventory.server().timeZone());
        this.timeScale = timeScale;
        Map<String, RepoState> byName = new LinkedHashMap<>();
        for (Inventory.Repository r : inventory.repositories()) {
            RepoState state = new RepoState(r);
            reposById.put(state.id, state);
            byName.put(r.name(), state);
        }
        for (Inventory.Job j : inventory.jobs()) {
            JobState state = new JobState(j, byName.get(j.repository()));
            jobsById.put(state.id, state);
            jobsByName.put(j.name(), state);
        }
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    Inventory inventory() {
        return inventory;
    }

    ZoneId zone() {
        return zone;
    }

    double timeScale() {
        return timeScale;
    }

    void timeScale(double value) {
        this.timeScale = value;
    }

    synchronized Collection<JobState> jobs() {
        return new ArrayList<>(jobsById.values());
    }

    synchronized JobState job(String id) {
        return jobsById.get(id);
    }

    synchronized JobState jobByName(String name) {
        return jobsByName.get(name);
    }

    synchronized Collection<RepoState> repositories() {
        return new ArrayList<>(reposById.values());
    }

    synchronized RepoState repository(String id) {
        return reposById.get(id);
    }

    synchronized RepoState repositoryByName(String name) {
        return reposById.values().stream().filter(r -> r.def.name().equals(name)).findFirst().orElse(null);
    }

    synchronized List<SimSession> sessions() {
        return new ArrayList<>(sessions.values());
    }

    synchronized SimSession session(String id) {
        return sessions.get(id);
    }

    synchronized List<Backup> backups() {
        return new ArrayList<>(backupsByJob.values());
    }

    synchronized List<RestorePoint> restorePoints() {
        return new ArrayList<>(restorePoints);
    }

    /** Moves every running session to where the clock says it is. */
    synchronized void advance(Instant now) {
        if (active.isEmpty()) {
            return;
        }
        for (SimSession s : new ArrayList<>(active)) {
            step(s, now);
        }
    }

    synchronized SimSession start(JobState job, Instant now) {
        if (job.def.disabled()) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' is disabled. Enable it in Veeam before starting it.");
        }
        if (job.running()) {
            throw new ApiException(400, "UnexpectedContent", "Job '" + job.def.name()
                    + "' is already running (session " + job.lastSession.id + "). Wait for it to stop before starting it again.",
                    job.lastSession.id);
        }
        Inventory.Behaviour b = job.behaviour;
        return begin(job, job.def.name(), false, b.outcome(), b.message(), now);
    }

    synchronized SimSession retry(JobState job, Instant now) {
        if (job.running()) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' is running; a retry is possible only after it stops.");
        }
        if (job.lastSession == null || !"Failed".equals(job.lastResult)) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' has no failed session to retry (last result: "
                    + job.lastResult + ").");
        }
        job.retries++;
        Inventory.Behaviour b = job.behaviour;
        String outcome = b.retryOutcome();
        return begin(job, job.def.name() + " (Retry " + job.retries + ")", true, outcome,
                outcome.equals(b.outcome()) ? b.message() : null, now);
    }

    synchronized SimSession stop(JobState job, boolean graceful, Instant now) {
        if (!job.running()) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' is not running; there is nothing to stop.");
        }
        SimSession s = job.lastSession;
        step(s, now);
        if (!s.running()) {
            return s;
        }
        s.canceled = true;
        if (graceful) {
            double remaining = Math.max(0, s.totalMs - s.elapsedMs(now, timeScale));
            // the current VM is finished: at most 30 simulated seconds, at least what is left
            double stoppingSimMs = Math.min(remaining, 30_000);
            s.stopAt = now.plusNanos((long) (stoppingSimMs / timeScale * 1_000_000));
            s.state = "Stopping";
            s.usn = ++usn;
            addLog(s, now, "None", "Stopping the job after the current VM (graceful stop requested)");
        } else {
            finish(s, now);
        }
        return s;
    }

    private SimSession begin(JobState job, String name, boolean retry, String outcome, String message, Instant now) {
        SimSession s = new SimSession(UUID.randomUUID().toString(), job, name, now, retry, outcome, message);
        Inventory.Behaviour b = job.behaviour;
        double duration = b.duration().toNanos() / 1_000_000.0;
        double starting = duration * 0.05;
        double t = 0;
        s.phases.add(new SimSession.Phase("Starting", t, t += starting));
        s.events.add(new SimSession.Event(0, "Succeeded", "Job started at " + LOG_TIME.format(now.atZone(zone))));
        s.events.add(new SimSession.Event(starting * 0.5, "Succeeded", "Building VMs list"));
        for (Inventory.Wait w : b.waits()) {
            double waitMs = w.duration().toNanos() / 1_000_000.0;
            String title = w.state().equals("WaitingSlot")
                    ? "Waiting for backup infrastructure resources availability"
                    : "Waiting for backup repository " + job.repository.def.name() + " to become available";
            s.events.add(new SimSession.Event(t, "None", title));
            s.phases.add(new SimSession.Phase(w.state(), t, t += waitMs));
        }
        double working = duration * 0.85;
        s.workStartMs = t;
        s.workEndMs = t + working;
        List<Inventory.BackupObject> objects = job.def.objects();
        s.events.add(new SimSession.Event(t, "Succeeded", "VM size: " + objects.stream().mapToDouble(Inventory.BackupObject::sizeGB).sum()
                + " GB (" + objects.size() + " VMs)"));
        for (int i = 0; i < objects.size(); i++) {
            s.events.add(new SimSession.Event(t + working * i / objects.size(), "Succeeded", "Processing " + objects.get(i).name()));
        }
        List<Inventory.LogLine> lines = b.log();
        for (int i = 0; i < lines.size(); i++) {
            s.events.add(new SimSession.Event(t + working * (i + 1) / (lines.size() + 1), lines.get(i).status(), lines.get(i).title()));
        }
        s.phases.add(new SimSession.Phase("Working", t, t += working));
        s.events.add(new SimSession.Event(t, "Succeeded", "Load: Source 71% > Proxy 38% > Network 22% > Target 17%"));
        s.events.add(new SimSession.Event(t, "Succeeded", "Primary bottleneck: Source"));
        double post = duration - starting - working;
        s.phases.add(new SimSession.Phase("Postprocessing", t, t += post));
        s.totalMs = t;
        s.events.sort((a, c) -> Double.compare(a.atMs(), c.atMs()));
        s.algorithm = backupsByJob.containsKey(job.id) ? "Increment" : "Full";
        s.usn = ++usn;
        sessions.put(s.id, s);
        active.add(s);
        job.lastSession = s;
        job.lastRun = now;
        step(s, now);
        return s;
    }

    private void step(SimSession s, Instant now) {
        if (!s.running()) {
            active.remove(s);
            return;
        }
        double ms = s.elapsedMs(now, timeScale);
        while (s.nextEvent < s.events.size() && s.events.get(s.nextEvent).atMs() <= ms) {
            SimSession.Event e = s.events.get(s.nextEvent++);
            addLog(s, s.realInstant(e.atMs(), timeScale), e.status(), e.title());
        }
        if (s.stopAt != null) {
            if (!now.isBefore(s.stopAt)) {
                finish(s, s.stopAt);
            }
            return;
        }
        if (ms >= s.totalMs) {
            finish(s, s.realInstant(s.totalMs, timeScale));
            return;
        }
        String state = "Working";
        for (SimSession.Phase p : s.phases) {
            if (ms >= p.startMs() && ms < p.endMs()) {
                state = p.state();
                break;
            }
        }
        int progress = ms < s.workStartMs ? 0
                : ms >= s.workEndMs ? 99 : (int) Math.min(99, 1 + Math.floor(98 * s.workFraction(ms)));
        if (!state.equals(s.state) || progress != s.progress) {
            s.state = state;
            s.progress = Math.max(s.progress, progress);
            s.usn = ++usn;
        }
    }

    private void finish(SimSession s, Instant end) {
        JobState job = s.job;
        RepoState repo = job.repository;
        String outcome = s.plannedOutcome;
        String message = s.plannedMessage;
        if (s.canceled) {
            outcome = "Failed";
            message = "Job has been stopped by user.";
        } else if (!repo.online) {
            outcome = "Failed";
            message = "Backup repository " + repo.def.name() + " is not available (offline).";
            addLog(s, end, "Failed", message);
        } else if (!outcome.equals("Failed")) {
            double written = written(job, s);
            if (written > repo.freeGB) {
                outcome = "Failed";
                message = String.format(Locale.ROOT, "Not enough free space on backup repository %s (%s): %.1f GB needed, %.1f GB free.",
                        repo.def.name(), repo.def.path(), written, repo.freeGB);
                addLog(s, end, "Failed", message);
            } else {
                repo.freeGB = round(repo.freeGB - written);
                repo.usedGB = round(repo.usedGB + written);
                Backup backup = backupsByJob.computeIfAbsent(job.id, k -> new Backup(uuid("backup:" + job.def.name()), job, end));
                double perObject = job.def.objects().isEmpty() ? 0 : written / job.def.objects().size();
                for (Inventory.BackupObject o : job.def.objects()) {
                    restorePoints.add(new RestorePoint(UUID.randomUUID().toString(), o.name(), end, backup, s.id,
                            s.algorithm, perObject));
                }
            }
        }
        if (message == null) {
            message = defaultMessage(s, outcome);
        }
        s.state = "Stopped";
        s.progress = 100;
        s.result = outcome;
        s.message = message;
        s.endTime = end;
        s.usn = ++usn;
        String closing = switch (outcome) {
            case "Success" -> "Job finished at ";
            case "Warning" -> "Job finished with warning at ";
            default -> "Job finished with error at ";
        };
        addLog(s, end, outcome.equals("Success") ? "Succeeded" : outcome, closing + LOG_TIME.format(end.atZone(zone)));
        job.lastResult = outcome;
        active.remove(s);
    }

    private String defaultMessage(SimSession s, String outcome) {
        if (outcome.equals("Success")) {
            return "";
        }
        for (SimSession.LogRecord r : s.log) {
            if (r.status().equals(outcome)) {
                return r.title();
            }
        }
        String first = s.job.def.objects().isEmpty() ? s.job.def.name() : s.job.def.objects().get(0).name();
        return outcome.equals("Warning") ? "Processing " + first + " finished with warnings"
                : "Error: Processing " + first + " failed: the guest processing could not be completed.";
    }

    private double written(JobState job, SimSession s) {
        Double configured = job.behaviour.writtenGB();
        if (configured != null) {
            return configured;
        }
        double total = job.def.objects().stream().mapToDouble(Inventory.BackupObject::sizeGB).sum();
        return round(total * (s.algorithm.equals("Full") ? 0.45 : 0.06));
    }

    private void addLog(SimSession s, Instant at, String status, String title) {
        s.log.add(new SimSession.LogRecord(s.log.size() + 1, status, at, at, title));
    }

    private static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    synchronized void replaceBehaviour(JobState job, Inventory.Behaviour behaviour) {
        job.behaviour = behaviour;
    }

    synchronized void setRepository(RepoState repo, Double freeGB, Boolean online) {
        if (freeGB != null) {
            repo.freeGB = freeGB;
        }
        if (online != null) {
            repo.online = online;
        }
    }
}
