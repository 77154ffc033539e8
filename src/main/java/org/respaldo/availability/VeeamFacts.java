package org.respaldo.availability;

import java.util.List;
import java.util.Optional;

import org.respaldo.schedule.Schedule;
import org.respaldo.veeam.JobResolution;
import org.respaldo.veeam.JobState;
import org.respaldo.veeam.JobStatus;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamJob;

/**
 * What Veeam says at fire time about a schedule: its jobs (resolved from names and wildcards, or
 * every enabled job for {@code all: true}), the names it does not know, the jobs already running,
 * and the repositories with their state. Gathered once per run attempt; the checks are pure
 * functions of it.
 */
public record VeeamFacts(List<VeeamJob> jobs, List<String> unmatched, List<String> known, List<String> alreadyRunning,
        List<RepositoryState> repositories) {

    public VeeamFacts {
        jobs = List.copyOf(jobs);
        unmatched = List.copyOf(unmatched);
        known = List.copyOf(known);
        alreadyRunning = List.copyOf(alreadyRunning);
        repositories = List.copyOf(repositories);
    }

    /**
     * Asks Veeam (login, jobs, job states, repositories).
     *
     * @throws org.respaldo.veeam.VeeamException when Veeam does not answer or refuses the login
     */
    public static VeeamFacts gather(VeeamClient client, Schedule s) {
        client.login();
        List<VeeamJob> jobs;
        List<String> unmatched = List.of();
        List<String> known = List.of();
        if (s.veeam().all()) {
            jobs = client.jobs().stream().filter(j -> !j.disabled()).toList();
        } else {
            JobResolution r = client.resolveJobs(s.veeam().jobs());
            jobs = r.jobs();
            unmatched = r.unmatched();
            known = r.known();
        }
        List<String> running = jobs.isEmpty() ? List.of()
                : client.jobStates(jobs.stream().map(VeeamJob::id).toList()).stream()
                        .filter(st -> st.status() == JobStatus.RUNNING || st.status() == JobStatus.STARTING
                                || st.status() == JobStatus.STOPPING)
                        .map(JobState::name).toList();
        return new VeeamFacts(jobs, unmatched, known, running, client.repositories());
    }

    /** The schedule's repository by name (case-insensitive), if Veeam has it. */
    public Optional<RepositoryState> repository(String name) {
        return repositories.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}
