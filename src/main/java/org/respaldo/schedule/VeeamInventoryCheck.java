package org.respaldo.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.respaldo.veeam.ApiVersion;
import org.respaldo.veeam.Backup;
import org.respaldo.veeam.JobCapabilities;
import org.respaldo.veeam.JobKind;
import org.respaldo.veeam.JobMatcher;
import org.respaldo.veeam.JobOperation;
import org.respaldo.veeam.JobSupport;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamException;
import org.respaldo.veeam.VeeamJob;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At intake, the schedule's job names and repository are checked against its Veeam server
 * when it answers: an unknown name rejects the file (listing the names that exist); an
 * unreachable server only adds a warning. The server's jobs and repositories are cached for
 * {@code cacheFor}, and an unreachable server is not asked again for that long, so that a
 * batch of files is not slowed down by Veeam.
 *
 * <p>Each job the schedule names is also checked against what its type can do on the server's API
 * revision ({@link org.respaldo.veeam.JobCapabilities}):
 * <ul>
 *   <li>rejected: an operation the server cannot do at all, e.g. {@code veeam.activeFull: true} for a
 *       type without active full, or a Hyper-V or Veeam Agent job named on a revision before 1.3-rev0
 *       (such a revision does not list those jobs; their backups still show, which is how the reason can
 *       name the job's type);</li>
 *   <li>warned: an operation Respaldo can only do in a weaker form, e.g. retry attempts on a revision
 *       without job retry (the run starts the job again), or a Veeam Agent job that cannot stop
 *       gracefully when the window ends (it is stopped at once).</li>
 * </ul>
 */
public final class VeeamInventoryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(VeeamInventoryCheck.class);

    /** What the check found: problems reject the file, warnings go with the acceptance. */
    public record Findings(List<Problem> problems, List<String> warnings) {
    }

    private record Inventory(List<VeeamJob> jobs, List<String> repositories, ApiVersion api, Instant at) {
        List<String> names() {
            return jobs.stream().map(VeeamJob::name).toList();
        }
    }

    private record Backups(List<Backup> backups, Instant at) {
    }

    private final VeeamServers veeam;
    private final Clock clock;
    private final Duration cacheFor;
    private final Duration unreachableFor;
    private final Map<String, Inventory> inventories = new ConcurrentHashMap<>();
    private final Map<String, Backups> backups = new ConcurrentHashMap<>();
    private final Map<String, Instant> unreachableUntil = new ConcurrentHashMap<>();

    /**
     * @param cacheFor       how long a server's jobs and repositories are reused
     * @param unreachableFor how long a server that did not answer is not asked again (a batch of
     *                       files waits for the client's retries at most once)
     */
    public VeeamInventoryCheck(VeeamServers veeam, Clock clock, Duration cacheFor, Duration unreachableFor) {
        this.veeam = veeam;
        this.clock = clock;
        this.cacheFor = cacheFor;
        this.unreachableFor = unreachableFor;
    }

    /**
     * What a server has, for the console's editor: its enabled jobs' names and its repositories (from the same cache as
     * {@link #check}), or why it could not be asked ({@code problem}, Spanish / English).
     */
    public record Listing(String server, List<String> jobs, List<String> repositories, String problem) {
        /** The jobs a name or wildcard of {@code veeam.jobs} picks. */
        public List<String> matching(String pattern) {
            return jobs.stream().filter(j -> JobMatcher.matches(pattern, j)).toList();
        }
    }

    public Listing listing(String server) {
        Instant now = clock.instant();
        Inventory inventory = inventories.get(server);
        if (inventory == null || inventory.at().plus(cacheFor).isBefore(now)) {
            Instant down = unreachableUntil.get(server);
            if (down != null && now.isBefore(down)) {
                return new Listing(server, List.of(), List.of(), "no respondió hace poco / did not answer recently");
            }
            try {
                VeeamClient client = veeam.client(server);
                inventory = new Inventory(client.jobs(), client.repositories().stream().map(RepositoryState::name).toList(),
                        client.apiVersion(), now);
                inventories.put(server, inventory);
                unreachableUntil.remove(server);
            } catch (RuntimeException e) {
                return new Listing(server, List.of(), List.of(), "no se pudo consultar / could not be asked: " + e.getMessage());
            }
        }
        return new Listing(server, inventory.jobs().stream().filter(j -> !j.disabled()).map(VeeamJob::name).toList(),
                inventory.repositories(), null);
    }

    public Findings check(Schedule s) {
        String server = s.veeam().server();
        Instant now = clock.instant();
        Instant down = unreachableUntil.get(server);
        if (down != null && now.isBefore(down)) {
            return unreachable(server, "no respondió hace poco / did not answer recently");
        }
        Inventory inventory = inventories.get(server);
        if (inventory == null || inventory.at().plus(cacheFor).isBefore(now)) {
            try {
                VeeamClient client = veeam.client(server);
                List<VeeamJob> jobs = client.jobs();
                List<String> repositories = client.repositories().stream().map(RepositoryState::name).toList();
                inventory = new Inventory(jobs, repositories, client.apiVersion(), now);
                inventories.put(server, inventory);
                unreachableUntil.remove(server);
            } catch (org.respaldo.veeam.VeeamAuthenticationException e) {
                // a refused login is said as such (it is not a server that did not answer), and asked again next time
                LOG.warn("Veeam server '{}' refused the login at intake: {}", server, e.getMessage());
                return notVerified(server, "rechazó el inicio de sesión", "refused the login", e.getMessage());
            } catch (org.respaldo.veeam.VeeamConfigurationException e) {
                LOG.warn("Veeam server '{}' could not be asked at intake: {}", server, e.getMessage());
                return notVerified(server, "no está configurado por completo", "is not configured completely", e.getMessage());
            } catch (VeeamException e) {
                unreachableUntil.put(server, now.plus(unreachableFor));
                LOG.warn("Veeam server '{}' could not be asked at intake: {}", server, e.getMessage());
                return unreachable(server, e.getMessage());
            }
        }
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<VeeamJob, String> driven = new LinkedHashMap<>();
        if (s.veeam().all()) {
            inventory.jobs().stream().filter(j -> !j.disabled()).forEach(j -> driven.putIfAbsent(j, "veeam.all"));
            if (!inventory.api().is13()) {
                hiddenAlsoMatched(server, inventory, "*", now, warnings);
            }
        } else {
            for (int i = 0; i < s.veeam().jobs().size(); i++) {
                String pattern = s.veeam().jobs().get(i);
                String field = "veeam.jobs[" + i + "]";
                List<VeeamJob> matched = inventory.jobs().stream().filter(j -> JobMatcher.matches(pattern, j.name())).toList();
                if (matched.isEmpty()) {
                    problems.add(unmatched(server, inventory, pattern, field, now));
                } else if (pattern.contains("*") && !inventory.api().is13()) {
                    hiddenAlsoMatched(server, inventory, pattern, now, warnings);
                }
                matched.forEach(j -> driven.putIfAbsent(j, field));
            }
        }
        capabilities(s, server, inventory.api(), driven, problems, warnings);
        if (!inventory.repositories().contains(s.storage().repository())) {
            problems.add(Problem.at("storage.repository",
                    "\"" + s.storage().repository() + "\" no es un repositorio del servidor Veeam '" + server + "'; existen: " + inventory.repositories(),
                    "\"" + s.storage().repository() + "\" is not a repository of Veeam server '" + server + "'; existing: " + inventory.repositories()));
        }
        return new Findings(problems, warnings);
    }

    /**
     * A pattern no listed job matches. On a revision without Hyper-V and Veeam Agent jobs, the server's
     * backups say whether the name is such a job, and the reason says so.
     */
    private Problem unmatched(String server, Inventory inventory, String pattern, String field, Instant now) {
        ApiVersion api = inventory.api();
        boolean olderRevision = !api.is13();
        if (olderRevision) {
            for (Backup b : backupsOf(server, now)) {
                JobKind kind = b.kind();
                if (kind.since() != null && !api.atLeast(kind.since()) && JobMatcher.matches(pattern, b.name())) {
                    JobSupport support = JobCapabilities.of(api, b.name(), kind.typeName(), JobOperation.START);
                    return Problem.at(field,
                            "\"" + b.name() + "\" es un trabajo " + labelEs(kind) + " (" + kind.typeName() + "; sus respaldos están en el servidor)"
                                    + " que el servidor Veeam '" + server + "' no puede gestionar con la API " + api
                                    + ": los trabajos de ese tipo llegaron con la API " + kind.since() + " (VBR 13.0). Cuando el servidor"
                                    + " tenga VBR 13, ajuste respaldo.veeam." + server + ".api-version a " + kind.since() + " o posterior.",
                            "\"" + b.name() + "\" is a " + kind.label() + " job (" + kind.typeName() + "; its backups are on the server)"
                                    + " that Veeam server '" + server + "' cannot manage through API " + api + ": " + support.reason()
                                    + ". Once the server runs VBR 13, set respaldo.veeam." + server + ".api-version to "
                                    + kind.since() + " or later.");
                }
            }
        }
        String hintEs = olderRevision ? " (la API " + api + " solo muestra trabajos de respaldo de VMware vSphere; los trabajos de"
                + " Hyper-V y de Veeam Agent requieren la API 1.3-rev0 o posterior)" : "";
        String hintEn = olderRevision ? " (API " + api + " lists only VMware vSphere backup jobs; Hyper-V and Veeam Agent jobs"
                + " need API 1.3-rev0 or later)" : "";
        return Problem.at(field,
                "\"" + pattern + "\" no corresponde a ningún trabajo del servidor Veeam '" + server + "'" + hintEs + "; existen: " + inventory.names(),
                "\"" + pattern + "\" matches no job on Veeam server '" + server + "'" + hintEn + "; existing: " + inventory.names());
    }

    /** A pattern that matched listed jobs may also name Hyper-V or agent jobs the revision hides: they will not run. */
    private void hiddenAlsoMatched(String server, Inventory inventory, String pattern, Instant now, List<String> warnings) {
        Set<String> listed = new LinkedHashSet<>(inventory.names());
        Set<String> hidden = new LinkedHashSet<>();
        for (Backup b : backupsOf(server, now)) {
            JobKind kind = b.kind();
            if (kind.since() != null && !inventory.api().atLeast(kind.since()) && !listed.contains(b.name())
                    && JobMatcher.matches(pattern, b.name())) {
                hidden.add(b.name() + " (" + kind.typeName() + ")");
            }
        }
        if (!hidden.isEmpty()) {
            warnings.add("El patrón \"" + pattern + "\" también coincide con " + String.join(", ", hidden) + ", que el servidor Veeam '"
                    + server + "' no puede gestionar con la API " + inventory.api() + " (requieren la API 1.3-rev0 o posterior): no se"
                    + " respaldarán. / Pattern \"" + pattern + "\" also matches " + String.join(", ", hidden) + ", which Veeam server '"
                    + server + "' cannot manage through API " + inventory.api() + " (they need API 1.3-rev0 or later): they will not"
                    + " be backed up.");
        }
    }

    private List<Backup> backupsOf(String server, Instant now) {
        Backups cached = backups.get(server);
        if (cached != null && !cached.at().plus(cacheFor).isBefore(now)) {
            return cached.backups();
        }
        try {
            List<Backup> list = veeam.client(server).backups();
            backups.put(server, new Backups(list, now));
            return list;
        } catch (VeeamException e) {
            LOG.warn("Veeam server '{}': its backups could not be read at intake: {}", server, e.getMessage());
            return List.of();
        }
    }

    /** What each driven job's type can do on the revision: refusals reject, weaker forms warn (grouped). */
    private static void capabilities(Schedule s, String server, ApiVersion api, Map<VeeamJob, String> driven,
                                     List<Problem> problems, List<String> warnings) {
        boolean activeFull = s.veeam().activeFull();
        boolean retries = s.retry() != null && s.retry().attempts() > 0;
        Set<String> noGracefulStop = new LinkedHashSet<>();
        Set<String> noRetry = new LinkedHashSet<>();
        for (Map.Entry<VeeamJob, String> e : driven.entrySet()) {
            VeeamJob job = e.getKey();
            List<JobOperation> asked = new ArrayList<>(List.of(activeFull ? JobOperation.ACTIVE_FULL : JobOperation.START,
                    JobOperation.GRACEFUL_STOP));
            if (retries) {
                asked.add(JobOperation.RETRY);
            }
            for (JobOperation op : asked) {
                JobSupport support = JobCapabilities.of(api, job, op);
                if (support.level() == JobSupport.Level.UNSUPPORTED) {
                    String field = op == JobOperation.ACTIVE_FULL && support.availableFrom() == null ? "veeam.activeFull" : e.getValue();
                    problems.add(Problem.at(field, refusalEs(server, api, support), support.describe(server)));
                    break; // one reason per job is enough
                }
                if (support.level() == JobSupport.Level.DEGRADED) {
                    (op == JobOperation.RETRY ? noRetry : noGracefulStop).add(job.name());
                }
            }
        }
        if (!noRetry.isEmpty()) {
            warnings.add("El servidor Veeam '" + server + "' usa la API " + api + ", que no tiene reintento de trabajos (llegó con"
                    + " la API 1.3-rev0, VBR 13.0): un trabajo fallido (" + names(noRetry) + ") se vuelve a iniciar completo (todos"
                    + " sus objetos, no solo los fallidos). / Veeam server '" + server + "' speaks API " + api + ", which has no job"
                    + " retry (it arrived with API 1.3-rev0, VBR 13.0): a failed job (" + names(noRetry) + ") is started again in"
                    + " full (all its objects, not only the failed ones).");
        }
        if (!noGracefulStop.isEmpty()) {
            warnings.add("Los trabajos de Veeam Agent " + names(noGracefulStop) + " no pueden detenerse ordenadamente: si la ventana"
                    + " termina mientras se ejecutan, se detienen de inmediato y el equipo que se estaba respaldando queda sin punto"
                    + " de restauración nuevo. / Veeam Agent jobs " + names(noGracefulStop) + " cannot stop gracefully: if the window"
                    + " ends while they run, they are stopped at once and the computer being backed up gets no new restore point.");
        }
    }

    private static String refusalEs(String server, ApiVersion api, JobSupport support) {
        JobKind kind = support.kind();
        String job = "el trabajo \"" + support.jobName() + "\" (" + support.jobType() + ")";
        if (support.availableFrom() != null && kind.since() != null) {
            return capitalise(job) + " es un trabajo " + labelEs(kind) + " que el servidor Veeam '" + server
                    + "' no puede gestionar con la API " + api + ": llegaron con la API " + support.availableFrom() + " (VBR 13.0)";
        }
        if (support.operation() == JobOperation.ACTIVE_FULL) {
            return capitalise(job) + " no admite un respaldo completo activo (veeam.activeFull: true) en el servidor Veeam '"
                    + server + "' (API " + api + "): ese tipo de trabajo no escribe una cadena de respaldos propia";
        }
        return capitalise(job) + " no admite la operación " + support.operation().label() + " en el servidor Veeam '" + server
                + "' (API " + api + ")";
    }

    private static String labelEs(JobKind kind) {
        return switch (kind) {
            case VSPHERE_BACKUP -> "de respaldo de VMware vSphere";
            case HYPERV_BACKUP -> "de respaldo de Microsoft Hyper-V";
            case WINDOWS_AGENT_BACKUP -> "de Veeam Agent para Windows";
            case LINUX_AGENT_BACKUP -> "de Veeam Agent para Linux";
            case OTHER -> "de otro tipo";
        };
    }

    private static String names(Set<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Findings unreachable(String server, String why) {
        return notVerified(server, "no respondió", "did not answer", why);
    }

    private static Findings notVerified(String server, String es, String en, String why) {
        return new Findings(List.of(), List.of("El servidor Veeam '" + server + "' " + es + ": los nombres de trabajos y el repositorio"
                + " no se verificaron (se verificarán al ejecutar). / Veeam server '" + server + "' " + en + ": job names and"
                + " repository were not verified (they will be at run time). (" + why + ")"));
    }
}
