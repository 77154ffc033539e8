package org.respaldo.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.Schedule;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamJob;

/**
 * One run while it goes through the stages: the body of the {@code run} route. Owned by that
 * one exchange; the stages add to it, {@link #snapshot()} gives the immutable {@link Run}.
 */
public final class RunContext {

    private final String id;
    private final Fire fire;
    private final ActiveSchedule active;
    private final Instant startedAt;
    private final Instant deadline;
    private final List<Run.Stage> stages = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Run.Job> jobs = new LinkedHashMap<>();
    private List<VeeamJob> veeamJobs = List.of();
    private RepositoryState repository;
    private List<RepositoryState> repositories = List.of();
    private Instant endedAt;
    private Run.Result result;
    private Run.Status status = Run.Status.RUNNING;

    public RunContext(String id, Fire fire, ActiveSchedule active, Instant startedAt, Instant deadline) {
        this.id = id;
        this.fire = fire;
        this.active = active;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    public String id() {
        return id;
    }

    public Fire fire() {
        return fire;
    }

    public ActiveSchedule active() {
        return active;
    }

    public Schedule schedule() {
        return active.schedule();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** When the backup must stop: the window's end, or earlier by maxDuration. */
    public Instant deadline() {
        return deadline;
    }

    public synchronized int addStage(Run.Stage stage) {
        stages.add(stage);
        return stages.size() - 1;
    }

    public synchronized void replaceStage(int index, Run.Stage stage) {
        stages.set(index, stage);
    }

    public synchronized void addReasons(List<String> more) {
        reasons.addAll(more);
    }

    public synchronized List<String> reasons() {
        return List.copyOf(reasons);
    }

    public synchronized void putJob(Run.Job job) {
        jobs.put(job.name(), job);
    }

    public synchronized List<Run.Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public synchronized int jobIndex(String name) {
        int i = 0;
        for (String n : jobs.keySet()) {
            if (n.equals(name)) {
                return i;
            }
            i++;
        }
        return jobs.size();
    }

    public List<VeeamJob> veeamJobs() {
        return veeamJobs;
    }

    public void veeamJobs(List<VeeamJob> resolved) {
        this.veeamJobs = List.copyOf(resolved);
    }

    public RepositoryState repository() {
        return repository;
    }

    public void repository(RepositoryState state) {
        this.repository = state;
    }

    /** Every repository of the schedule's Veeam server (to name where a job really writes). */
    public List<RepositoryState> repositories() {
        return repositories;
    }

    public void repositories(List<RepositoryState> all) {
        this.repositories = List.copyOf(all);
    }

    public Run.Result result() {
        return result;
    }

    public void end(Instant at, Run.Result result) {
        this.endedAt = at;
        this.result = result;
    }

    public void concluded() {
        this.status = Run.Status.CONCLUDED;
    }

    public synchronized Run snapshot() {
        return new Run(id, fire.scheduleId(), fire.scheduleVersion(), fire.scheduledFireTime(), startedAt, endedAt, status,
                result, reasons, stages, new ArrayList<>(jobs.values()));
    }
}
