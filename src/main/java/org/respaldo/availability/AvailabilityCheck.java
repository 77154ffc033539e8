package org.respaldo.availability;

import static org.respaldo.run.Texts.t;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.respaldo.run.RunContext;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.Schedule;
import org.respaldo.veeam.JobResolution;
import org.respaldo.veeam.JobState;
import org.respaldo.veeam.JobStatus;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamJob;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of the procedure: "Verifica la disponibilidad de tiempo". Every condition is checked
 * and every failing one reported; an empty list means the run may go ahead. Resolves the
 * schedule's Veeam jobs and repository on the way (kept in the run context).
 */
public final class AvailabilityCheck {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityCheck.class);
    static final int HISTORY = 5;

    private final RunStore runs;
    private final VeeamServers veeam;
    private final Clock clock;
    private final Duration queuePoll;

    public AvailabilityCheck(RunStore runs, VeeamServers veeam, Clock clock, Duration queuePoll) {
        this.runs = runs;
        this.veeam = veeam;
        this.clock = clock;
        this.queuePoll = queuePoll;
    }

    public List<String> reasons(RunContext run) throws InterruptedException {
        Schedule s = run.schedule();
        String lang = s.notification().language();
        List<String> reasons = new ArrayList<>();
        LocalDateTime local = LocalDateTime.ofInstant(clock.instant(), s.timezone());
        if (!s.window().contains(local.toLocalTime())) {
            reasons.add(t(lang, "la hora actual (" + local.toLocalTime().withNano(0) + ") está fuera de la ventana "
                    + s.window().start() + "–" + s.window().end(),
                    "the current time (" + local.toLocalTime().withNano(0) + ") is outside the window "
                    + s.window().start() + "–" + s.window().end()));
        }
        if (!s.allows(local)) {
            reasons.add(t(lang, "hoy (" + local.toLocalDate() + ") está en un blackout o fuera de la vigencia de la programación",
                    "today (" + local.toLocalDate() + ") is in a blackout or outside the schedule's validity"));
        }
        overlap(run, lang, reasons);

        VeeamClient client;
        try {
            client = veeam.client(s.veeam().server());
            client.login();
        } catch (RuntimeException e) {
            reasons.add(t(lang, "el servidor Veeam '" + s.veeam().server() + "' no responde o rechaza el inicio de sesión: " + e.getMessage(),
                    "the Veeam server '" + s.veeam().server() + "' does not answer or refuses the login: " + e.getMessage()));
            return reasons;
        }
        try {
            List<VeeamJob> jobs = resolve(client, s, lang, reasons);
            run.veeamJobs(jobs);
            running(client, jobs, lang, reasons);
            List<RepositoryState> repositories = client.repositories();
            run.repositories(repositories);
            repositories.stream().filter(r -> r.name().equals(s.storage().repository())).findFirst().ifPresent(repo -> {
                run.repository(repo);
                space(repo, s, lang, reasons);
            });
        } catch (RuntimeException e) {
            reasons.add(t(lang, "error al consultar Veeam: " + e.getMessage(), "error while querying Veeam: " + e.getMessage()));
        }
        expectedDuration(run, lang, reasons);
        return reasons;
    }

    private void overlap(RunContext run, String lang, List<String> reasons) throws InterruptedException {
        Schedule s = run.schedule();
        List<String> active = runs.activeRuns(s.id(), run.id());
        if (active.isEmpty()) {
            return;
        }
        if (s.overlap() == Schedule.Overlap.QUEUE) {
            LOG.info("Run {} of {} waits for the previous run {} to end (overlap: queue)", run.id(), s.id(), active);
            while (!active.isEmpty() && clock.instant().isBefore(run.deadline())) {
                Thread.sleep(queuePoll.toMillis());
                active = runs.activeRuns(s.id(), run.id());
            }
            if (active.isEmpty()) {
                return;
            }
            reasons.add(t(lang, "la ejecución anterior " + active + " siguió activa hasta el fin de la ventana (overlap: queue)",
                    "the previous run " + active + " was still active when the window ended (overlap: queue)"));
        } else {
            reasons.add(t(lang, "la ejecución anterior " + active + " de esta programación sigue activa (overlap: skip)",
                    "the previous run " + active + " of this schedule is still active (overlap: skip)"));
        }
    }

    private List<VeeamJob> resolve(VeeamClient client, Schedule s, String lang, List<String> reasons) {
        if (s.veeam().all()) {
            return client.jobs().stream().filter(j -> !j.disabled()).toList();
        }
        JobResolution r = client.resolveJobs(s.veeam().jobs());
        if (!r.complete()) {
            reasons.add(t(lang, "trabajos de Veeam no encontrados: " + r.unmatched() + "; existen: " + r.known(),
                    "Veeam jobs not found: " + r.unmatched() + "; existing: " + r.known()));
        }
        return r.jobs();
    }

    private void running(VeeamClient client, List<VeeamJob> jobs, String lang, List<String> reasons) {
        if (jobs.isEmpty()) {
            return;
        }
        for (JobState state : client.jobStates(jobs.stream().map(VeeamJob::id).toList())) {
            if (state.status() == JobStatus.RUNNING || state.status() == JobStatus.STARTING
                    || state.status() == JobStatus.STOPPING) {
                reasons.add(t(lang, "el trabajo " + state.name() + " ya se está ejecutando en Veeam",
                        "the job " + state.name() + " is already running in Veeam"));
            }
        }
    }

    private static void space(RepositoryState repo, Schedule s, String lang, List<String> reasons) {
        if (!repo.online()) {
            reasons.add(t(lang, "el repositorio " + repo.name() + " está fuera de línea", "the repository " + repo.name() + " is offline"));
        }
        double min = s.storage().minFreeGb();
        if (repo.freeGB() < min) {
            reasons.add(t(lang, String.format("el repositorio %s tiene %.1f GB libres; la programación exige %.1f GB", repo.name(), repo.freeGB(), min),
                    String.format("the repository %s has %.1f GB free; the schedule requires %.1f GB", repo.name(), repo.freeGB(), min)));
        }
    }

    private void expectedDuration(RunContext run, String lang, List<String> reasons) {
        List<Duration> last = runs.successfulDurations(run.schedule().id(), HISTORY);
        if (last.isEmpty()) {
            return;
        }
        List<Duration> sorted = new ArrayList<>(last);
        sorted.sort(null);
        Duration median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : sorted.get(sorted.size() / 2 - 1).plus(sorted.get(sorted.size() / 2)).dividedBy(2);
        Instant now = clock.instant();
        Duration left = Duration.between(now, run.deadline());
        if (median.compareTo(left) > 0) {
            reasons.add(t(lang, "quedan " + minutes(left) + " en la ventana y la duración esperada (mediana de las últimas "
                    + last.size() + " ejecuciones exitosas) es " + minutes(median),
                    minutes(left) + " left in the window and the expected duration (median of the last " + last.size()
                    + " successful runs) is " + minutes(median)));
        }
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 120 ? (s / 60) + " min" : s + " s";
    }
}
