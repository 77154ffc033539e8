package org.respaldo.availability;

import static org.respaldo.text.Texts.t;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.respaldo.schedule.Schedule;
import org.respaldo.veeam.RepositoryState;

/**
 * Step 2 of the procedure: "Verifica la disponibilidad de tiempo". A pure function of what the run
 * knows at its start: every failing condition becomes a reason; no reason means the run may go
 * ahead. Reasons are in the schedule's language.
 */
public final class Availability {

    /** How many earlier successful runs give the expected duration. */
    public static final int HISTORY = 5;

    private Availability() {
    }

    /**
     * What the check looks at.
     *
     * @param earlierActive runs of this schedule queued before this one whose backup has not ended
     * @param veeam         what Veeam said, or null when it could not be asked
     * @param veeamProblem  why Veeam could not be asked (when {@code veeam} is null), starting with what
     *                      happened in the schedule's language ("no responde: …", "rechaza el inicio de sesión: …")
     * @param recent        durations of the last successful runs, newest first
     */
    public record Inputs(Schedule schedule, Instant now, Instant deadline, List<String> earlierActive, VeeamFacts veeam,
            String veeamProblem, List<Duration> recent) {
    }

    public static List<String> reasons(Inputs in) {
        Schedule s = in.schedule();
        String lang = s.notification().language();
        List<String> reasons = new ArrayList<>();
        LocalDateTime local = LocalDateTime.ofInstant(in.now(), s.timezone());
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
        if (!in.earlierActive().isEmpty()) {
            reasons.add(s.overlap() == Schedule.Overlap.QUEUE
                    ? t(lang, "la ejecución anterior " + in.earlierActive() + " siguió activa hasta el fin de la ventana (overlap: queue)",
                            "the previous run " + in.earlierActive() + " was still active when the window ended (overlap: queue)")
                    : t(lang, "la ejecución anterior " + in.earlierActive() + " de esta programación sigue activa (overlap: skip)",
                            "the previous run " + in.earlierActive() + " of this schedule is still active (overlap: skip)"));
        }
        VeeamFacts v = in.veeam();
        if (v == null) {
            // the problem says which, in the schedule's language (no responde, rechaza el inicio de sesión, no está
            // configurado), then the client's words
            reasons.add(t(lang, "el servidor Veeam '" + s.veeam().server() + "' " + in.veeamProblem(),
                    "the Veeam server '" + s.veeam().server() + "' " + in.veeamProblem()));
            return reasons;
        }
        if (!v.unmatched().isEmpty() && !v.jobs().isEmpty()) {
            reasons.add(t(lang, "trabajos de Veeam no encontrados: " + v.unmatched() + "; existen: " + v.known(),
                    "Veeam jobs not found: " + v.unmatched() + "; existing: " + v.known()));
        }
        for (String name : v.alreadyRunning()) {
            reasons.add(t(lang, "el trabajo " + name + " ya se está ejecutando en Veeam", "the job " + name + " is already running in Veeam"));
        }
        v.repository(s.storage().repository()).ifPresent(repo -> space(repo, s, lang, reasons));
        expectedDuration(in, lang, reasons);
        return reasons;
    }

    /**
     * Why no job can run (a FAILED run, not a skipped one): {@code all: true} and no enabled job, or
     * every name gone from Veeam. Null when there are jobs.
     */
    public static String noJobs(Schedule s, VeeamFacts v) {
        if (!v.jobs().isEmpty()) {
            return null;
        }
        String lang = s.notification().language();
        if (s.veeam().all()) {
            return t(lang, "el servidor Veeam '" + s.veeam().server() + "' no tiene ningún trabajo de backup habilitado (veeam.all: true)",
                    "the Veeam server '" + s.veeam().server() + "' has no enabled backup job (veeam.all: true)");
        }
        return t(lang, "ninguno de los trabajos de la programación existe en Veeam: " + v.unmatched() + "; existen: " + v.known(),
                "none of the schedule's jobs exists in Veeam: " + v.unmatched() + "; existing: " + v.known());
    }

    private static void space(RepositoryState repo, Schedule s, String lang, List<String> reasons) {
        if (!repo.online()) {
            reasons.add(t(lang, "el repositorio " + repo.name() + " está fuera de línea", "the repository " + repo.name() + " is offline"));
        }
        double min = s.storage().minFreeGb();
        if (repo.freeGB() < min) {
            reasons.add(t(lang, String.format("el repositorio %s tiene %.1f GB libres; la programación exige %.1f GB", repo.name(),
                    repo.freeGB(), min), String.format("the repository %s has %.1f GB free; the schedule requires %.1f GB", repo.name(),
                    repo.freeGB(), min)));
        }
    }

    private static void expectedDuration(Inputs in, String lang, List<String> reasons) {
        List<Duration> last = in.recent();
        if (last.isEmpty()) {
            return;
        }
        Duration median = median(last);
        Duration left = Duration.between(in.now(), in.deadline());
        if (median.compareTo(left) > 0) {
            reasons.add(t(lang, "quedan " + minutes(left) + " en la ventana y la duración esperada (mediana de las últimas "
                    + last.size() + " ejecuciones exitosas) es " + minutes(median),
                    minutes(left) + " left in the window and the expected duration (median of the last " + last.size()
                    + " successful runs) is " + minutes(median)));
        }
    }

    public static Duration median(List<Duration> values) {
        List<Duration> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 120 ? (s / 60) + " min" : s + " s";
    }
}
