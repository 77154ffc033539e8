package org.respaldo.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The simulated server's state: jobs, repositories, sessions, backups and restore points, and
 * the session state machine. Every method is synchronized; {@link #advance(Instant)} moves all
 * running sessions along the clock before anything is read.
 */
final class Datacenter {

    static final class JobState {
        final Inventory.Job def;
        final JobKind kind;
        final String id;
        final RepoState repository;
        volatile Inventory.Behaviour behaviour;
        SimSession lastSession;
        Instant lastRun;
        String lastResult = "None";
        int retries;

        JobState(Inventory.Job def, RepoState repository) {
            this.def = def;
            this.kind = JobKind.of(def.type());
            this.id = uuid("job:" + def.name());
            this.repository = repository;
            this.behaviour = def.behaviour();
        }

        boolean running() {
            return lastSession != null && lastSession.running();
        }

        /** Whether a revision's {@code /jobs} lists this job (its type exists there). */
        boolean visibleIn(ApiRevision rev) {
            return kind.visibleIn(rev);
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

    /** A restore point of one object; {@code sessionId} is null for the history the inventory seeds. */
    record RestorePoint(String id, String name, Instant creationTime, Backup backup, String sessionId, String type,
                        double sizeGB) {
    }

    static final double GB = 1024.0 * 1024 * 1024;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private final Inventory inventory;
    private final ZoneId zone;
    private volatile double timeScale;
    private final Map<String, JobState> jobsById = new LinkedHashMap<>();
    private final Map<String, JobState> jobsByName = new LinkedHashMap<>();
    private final Map<String, RepoState> reposById = new LinkedHashMap<>();
    private final Map<String, SimSession> sessions = new LinkedHashMap<>();
    private final List<SimSession> active = new ArrayList<>();
    /** The most sessions that ran at once since the last {@link #resetPeak}. */
    private int peakRunning;

    /** Sessions running now and the most that ran at once since the last reset. */
    synchronized int[] concurrency(Instant now) {
        advance(now);
        return new int[] {active.size(), peakRunning};
    }

    synchronized void resetPeak(Instant now) {
        advance(now);
        peakRunning = active.size();
    }
    private final Map<String, Backup> backupsByJob = new LinkedHashMap<>();
    private final List<RestorePoint> restorePoints = new ArrayList<>();
    private long usn = 1000;

    Datacenter(Inventory inventory, double timeScale) {
        this(inventory, timeScale, Instant.now());
    }

    Datacenter(Inventory inventory, double timeScale, Instant now) {
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
            seedHistory(state, now);
        }
    }

    /** The restore points a job already had before the simulator started: a full, then increments, one a day. */
    private void seedHistory(JobState job, Instant now) {
        int count = job.def.history();
        if (count <= 0 || job.def.objects().isEmpty()) {
            return;
        }
        Instant first = now.minus(Duration.ofDays(count));
        Backup backup = new Backup(uuid("backup:" + job.def.name()), job, first);
        backupsByJob.put(job.id, backup);
        for (int day = 0; day < count; day++) {
            Instant at = first.plus(Duration.ofDays(day));
            for (Inventory.BackupObject o : job.def.objects()) {
                restorePoints.add(new RestorePoint(uuid("history:" + job.def.name() + ":" + o.name() + ":" + day), o.name(), at,
                        backup, null, day == 0 ? "Full" : "Increment", o.sizeGB()));
            }
            job.lastRun = at;
        }
        job.lastResult = "Success";
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

    synchronized RestorePoint restorePoint(String id) {
        return restorePoints.stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst().orElse(null);
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

    synchronized SimSession start(JobState job, boolean activeFull, Instant now) {
        if (job.def.disabled()) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' is disabled. Enable it in Veeam before starting it.");
        }
        if (job.running()) {
            throw new ApiException(400, "UnexpectedContent", "Job '" + job.def.name()
                    + "' is already running (session " + job.lastSession.id + "). Wait for it to stop before starting it again.",
                    job.lastSession.id);
        }
        Inventory.Behaviour b = job.behaviour;
        return begin(job, job.def.name(), false, activeFull, b.outcome(), b.message(), job.def.objects(), now);
    }

    synchronized SimSession start(JobState job, Instant now) {
        return start(job, false, now);
    }

    synchronized SimSession retry(JobState job, Instant now) {
        if (job.running()) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' is running; a retry is possible only after it stops.");
        }
        if (job.lastSession == null || !"Failed".equals(job.lastResult)) {
            throw ApiException.badRequest("Job '" + job.def.name() + "' has no failed session to retry (last result: "
                    + job.lastResult + ").");
        }
        // a retry processes only the objects the failed session left without a restore point
        List<Inventory.BackupObject> failed = job.lastSession.objects.stream().filter(o -> !o.hasRestorePoint())
                .map(o -> o.def).toList();
        job.retries++;
        Inventory.Behaviour b = job.behaviour;
        String outcome = b.retryOutcome();
        return begin(job, job.def.name() + " (Retry " + job.retries + ")", true, false, outcome,
                outcome.equals(b.outcome()) ? b.message() : null, failed.isEmpty() ? job.def.objects() : failed, now);
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
        double ms = s.elapsedMs(now, timeScale);
        if (graceful && !job.kind.gracefulStop()) {
            addLog(s, now, "Warning", "Graceful stop is not available for Veeam Agent backup jobs: stopping the job now");
            graceful = false;
        }
        // objects already processed keep their restore point; graceful: the object in progress finishes too
        int complete = 0;
        for (SimSession.ObjectRun o : s.objects) {
            double share = o.share(ms);
            if (share >= 1 || graceful && share > 0) {
                complete = o.index + 1;
            }
        }
        s.completeUpTo = complete;
        if (graceful) {
            double remaining = 0;
            for (SimSession.ObjectRun o : s.objects) {
                if (o.index < complete) {
                    remaining = Math.max(remaining, o.endMs - ms);
                }
            }
            // the object in progress is finished: at most 30 simulated seconds
            double stoppingSimMs = Math.max(0, Math.min(remaining, 30_000));
            s.stopAt = now.plusNanos((long) (stoppingSimMs / timeScale * 1_000_000));
            s.state = "Stopping";
            s.usn = ++usn;
            addLog(s, now, "None", "Stopping the job after the current " + job.kind.objectNoun() + " (graceful stop requested)");
        } else {
            finish(s, now);
        }
        return s;
    }

    private SimSession begin(JobState job, String name, boolean retry, boolean activeFull, String outcome, String message,
                             List<Inventory.BackupObject> objects, Instant now) {
        SimSession s = new SimSession(UUID.randomUUID().toString(), job, name, now, retry, activeFull, outcome, message);
        Inventory.Behaviour b = job.behaviour;
        JobKind kind = job.kind;
        double duration = b.duration().toNanos() / 1_000_000.0;
        double starting = duration * 0.05;
        double t = 0;
        s.phases.add(new SimSession.Phase("Starting", t, t += starting));
        s.events.add(new SimSession.Event(0, "Succeeded", (retry ? "Retrying job at " : activeFull ? "Active full backup started at "
                : "Job started at ") + LOG_TIME.format(now.atZone(zone))));
        s.events.add(new SimSession.Event(starting * 0.5, "Succeeded", "Building " + kind.objectNoun() + "s list"));
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
        plan(s, objects, t, working);
        s.events.add(new SimSession.Event(t, "Succeeded", capitalised(kind.objectNoun()) + " size: "
                + round(objects.stream().mapToDouble(Inventory.BackupObject::sizeGB).sum()) + " GB (" + objects.size() + " "
                + kind.objectNoun() + "s)"));
        Set<String> explicit = new HashSet<>();
        for (Inventory.LogLine l : b.log()) {
            explicit.add(l.title());
        }
        for (SimSession.ObjectRun o : s.objects) {
            s.events.add(new SimSession.Event(o.startMs, "Succeeded", "Processing " + o.def.name()));
            if (!o.plannedResult.equals("Success") && !explicit.contains(o.plannedMessage)) {
                s.events.add(new SimSession.Event(o.endMs, o.plannedResult, o.plannedMessage));
            }
        }
        List<Inventory.LogLine> lines = b.log();
        for (int i = 0; i < lines.size(); i++) {
            s.events.add(new SimSession.Event(t + working * (i + 1) / (lines.size() + 1), lines.get(i).status(), lines.get(i).title()));
        }
        s.phases.add(new SimSession.Phase("Working", t, t += working));
        String bottleneck = kind.bottleneck();
        s.events.add(new SimSession.Event(t, "Succeeded", bottleneck.equals("Network")
                ? "Load: Source 34% > Proxy 22% > Network 88% > Target 15%"
                : "Load: Source 71% > Proxy 38% > Network 22% > Target 17%"));
        s.events.add(new SimSession.Event(t, "Succeeded", "Primary bottleneck: " + bottleneck));
        double post = duration - starting - working;
        s.phases.add(new SimSession.Phase("Postprocessing", t, t += post));
        s.totalMs = t;
        s.events.sort((a, c) -> Double.compare(a.atMs(), c.atMs()));
        s.usn = ++usn;
        sessions.put(s.id, s);
        advance(now); // sessions that have ended by now do not count towards the peak
        active.add(s);
        peakRunning = Math.max(peakRunning, active.size());
        job.lastSession = s;
        job.lastRun = now;
        step(s, now);
        return s;
    }

    /**
     * Fixes what each object will do: its slice of the working phase, its algorithm (a full when it has no
     * restore point yet or an active full was asked for), its outcome, and what it reads and transfers.
     */
    private void plan(SimSession s, List<Inventory.BackupObject> objects, double workStart, double working) {
        JobState job = s.job;
        Inventory.Behaviour b = job.behaviour;
        Map<String, Inventory.ObjectOutcome> listed = new LinkedHashMap<>();
        if (!s.retry) {
            b.objects().forEach(o -> listed.put(o.name(), o));
        }
        boolean anyFailedListed = listed.values().stream().anyMatch(o -> o.outcome().equals("Failed"));
        boolean anyNotSuccessListed = listed.values().stream().anyMatch(o -> !o.outcome().equals("Success"));
        Set<String> withChain = new HashSet<>();
        Backup backup = backupsByJob.get(job.id);
        if (backup != null) {
            for (RestorePoint p : restorePoints) {
                if (p.backup() == backup) {
                    withChain.add(p.name());
                }
            }
        }
        List<String[]> outcomes = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            Inventory.BackupObject o = objects.get(i);
            Inventory.ObjectOutcome given = listed.get(o.name());
            String result;
            String message;
            if (given != null) {
                result = given.outcome();
                message = given.message();
            } else if (s.plannedOutcome.equals("Failed") && !anyFailedListed) {
                result = "Failed";
                message = null;
            } else if (s.plannedOutcome.equals("Warning") && !anyNotSuccessListed && i == 0) {
                result = "Warning";
                message = null;
            } else {
                result = "Success";
                message = null;
            }
            if (message == null && !result.equals("Success")) {
                message = s.plannedMessage != null ? s.plannedMessage : result.equals("Warning")
                        ? "Processing " + o.name() + " finished with warnings"
                        : "Error: Processing " + o.name() + " failed: the guest processing could not be completed.";
            }
            outcomes.add(new String[] {result, message == null ? "" : message});
        }
        double sizeWithPoint = 0;
        for (int i = 0; i < objects.size(); i++) {
            if (!outcomes.get(i)[0].equals("Failed")) {
                sizeWithPoint += objects.get(i).sizeGB();
            }
        }
        for (int i = 0; i < objects.size(); i++) {
            Inventory.BackupObject o = objects.get(i);
            String algorithm = s.activeFull || !withChain.contains(o.name()) ? "Full" : "Increment";
            long size = (long) (o.sizeGB() * GB);
            long transferred;
            long read;
            if (b.writtenGB() != null) {
                double share = sizeWithPoint > 0 ? o.sizeGB() / sizeWithPoint : 0;
                transferred = (long) (b.writtenGB() * share * GB);
                read = Math.min(size, transferred * 2);
            } else if (algorithm.equals("Full")) {
                read = (long) (size * 0.90);
                transferred = (long) (size * 0.45);
            } else {
                read = (long) (size * 0.12);
                transferred = (long) (size * 0.06);
            }
            SimSession.ObjectRun run = new SimSession.ObjectRun(o, i, uuid("task:" + s.id + ":" + i), algorithm,
                    outcomes.get(i)[0], outcomes.get(i)[1], size, read, transferred);
            run.startMs = workStart + working * i / objects.size();
            run.endMs = workStart + working * (i + 1) / objects.size();
            s.objects.add(run);
        }
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
        double endMs = s.elapsedMs(end, timeScale);
        String blocked = null;
        if (!s.canceled && !repo.online) {
            blocked = "Backup repository " + repo.def.name() + " is not available (offline).";
        } else if (!s.canceled) {
            double written = s.objects.stream().filter(o -> !o.plannedResult.equals("Failed"))
                    .mapToLong(o -> o.plannedTransferred).sum() / GB;
            if (round(written) > repo.freeGB) {
                blocked = String.format(Locale.ROOT, "Not enough free space on backup repository %s (%s): %.1f GB needed, %.1f GB free.",
                        repo.def.name(), repo.def.path(), round(written), repo.freeGB);
            }
        }
        if (blocked != null) {
            addLog(s, end, "Failed", blocked);
        }
        double written = 0;
        for (SimSession.ObjectRun o : s.objects) {
            o.startTime = s.realInstant(Math.min(o.startMs, endMs), timeScale);
            if (blocked != null) {
                endObject(o, "Failed", "Error: " + blocked, 0.5, end);
            } else if (s.canceled && o.index >= s.completeUpTo) {
                endObject(o, "Failed", "Job has been stopped by user.", o.share(endMs), end);
            } else if (o.plannedResult.equals("Failed")) {
                endObject(o, "Failed", o.plannedMessage, 0.5, s.realInstant(Math.min(o.endMs, endMs), timeScale));
            } else {
                Instant objectEnd = s.canceled ? s.realInstant(Math.min(o.endMs, endMs), timeScale)
                        : s.realInstant(o.endMs, timeScale);
                endObject(o, o.plannedResult, o.plannedMessage, 1, objectEnd);
                Backup backup = backupsByJob.computeIfAbsent(job.id, k -> new Backup(uuid("backup:" + job.def.name()), job, objectEnd));
                o.restorePointId = UUID.randomUUID().toString();
                restorePoints.add(new RestorePoint(o.restorePointId, o.def.name(), objectEnd, backup, s.id, o.algorithm,
                        o.def.sizeGB()));
                written += o.transferred / GB;
            }
        }
        repo.freeGB = round(Math.max(0, repo.freeGB - written));
        repo.usedGB = round(repo.usedGB + written);
        if (s.canceled) {
            outcome = "Failed";
            message = "Job has been stopped by user.";
        } else if (blocked != null) {
            outcome = "Failed";
            message = blocked;
        } else {
            for (SimSession.ObjectRun o : s.objects) {
                if (worse(o.result, outcome)) {
                    outcome = o.result;
                    message = o.message;
                }
            }
        }
        if (message == null || message.isEmpty() && !outcome.equals("Success")) {
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

    /** Ends one object: {@code share} of its planned work was done; a failed object transfers nothing it keeps. */
    private static void endObject(SimSession.ObjectRun o, String result, String message, double share, Instant end) {
        o.finished = true;
        o.result = result;
        o.message = result.equals("Success") ? "" : message == null ? "" : message;
        o.processed = (long) (o.sizeBytes * share);
        o.read = (long) (o.plannedRead * share);
        o.transferred = (long) (o.plannedTransferred * share);
        o.endTime = end.isBefore(o.startTime) ? o.startTime : end;
    }

    private static boolean worse(String a, String b) {
        return rank(a) > rank(b);
    }

    private static int rank(String result) {
        return switch (result) {
            case "Failed" -> 3;
            case "Warning" -> 2;
            case "Success" -> 1;
            default -> 0;
        };
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
