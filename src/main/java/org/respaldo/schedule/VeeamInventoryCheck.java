package org.respaldo.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.respaldo.veeam.JobMatcher;
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
 */
public final class VeeamInventoryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(VeeamInventoryCheck.class);

    /** What the check found: problems reject the file, warnings go with the acceptance. */
    public record Findings(List<Problem> problems, List<String> warnings) {
    }

    private record Inventory(List<String> jobs, List<String> repositories, Instant at) {
    }

    private final VeeamServers veeam;
    private final Clock clock;
    private final Duration cacheFor;
    private final Duration unreachableFor;
    private final Map<String, Inventory> inventories = new ConcurrentHashMap<>();
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
                List<String> jobs = client.jobs().stream().map(VeeamJob::name).toList();
                List<String> repositories = client.repositories().stream().map(RepositoryState::name).toList();
                inventory = new Inventory(jobs, repositories, now);
                inventories.put(server, inventory);
                unreachableUntil.remove(server);
            } catch (VeeamException e) {
                unreachableUntil.put(server, now.plus(unreachableFor));
                LOG.warn("Veeam server '{}' could not be asked at intake: {}", server, e.getMessage());
                return unreachable(server, e.getMessage());
            }
        }
        List<Problem> problems = new ArrayList<>();
        if (!s.veeam().all()) {
            for (int i = 0; i < s.veeam().jobs().size(); i++) {
                String pattern = s.veeam().jobs().get(i);
                if (inventory.jobs().stream().noneMatch(name -> JobMatcher.matches(pattern, name))) {
                    problems.add(Problem.at("veeam.jobs[" + i + "]",
                            "\"" + pattern + "\" no corresponde a ningún trabajo del servidor Veeam '" + server + "'; existen: " + inventory.jobs(),
                            "\"" + pattern + "\" matches no job on Veeam server '" + server + "'; existing: " + inventory.jobs()));
                }
            }
        }
        if (!inventory.repositories().contains(s.storage().repository())) {
            problems.add(Problem.at("storage.repository",
                    "\"" + s.storage().repository() + "\" no es un repositorio del servidor Veeam '" + server + "'; existen: " + inventory.repositories(),
                    "\"" + s.storage().repository() + "\" is not a repository of Veeam server '" + server + "'; existing: " + inventory.repositories()));
        }
        return new Findings(problems, List.of());
    }

    private static Findings unreachable(String server, String why) {
        return new Findings(List.of(), List.of("El servidor Veeam '" + server + "' no respondió: los nombres de trabajos y el repositorio"
                + " no se verificaron (se verificarán al ejecutar). / Veeam server '" + server + "' did not answer: job names and"
                + " repository were not verified (they will be at run time). (" + why + ")"));
    }
}
