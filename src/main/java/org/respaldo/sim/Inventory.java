package org.respaldo.sim;

import java.time.Duration;
import java.util.List;

/**
 * What a simulated Veeam server holds: its users, repositories and jobs, each job with a
 * behaviour script. Loaded from YAML by {@link InventoryLoader}; immutable.
 */
public record Inventory(Server server, List<User> users, List<Repository> repositories, List<Job> jobs) {

    public Inventory {
        users = List.copyOf(users);
        repositories = List.copyOf(repositories);
        jobs = List.copyOf(jobs);
    }

    /** The VBR server itself: its name (serverInfo) and the time zone its timestamps use. */
    public record Server(String name, String timeZone) {
    }

    /** A VBR user allowed to obtain tokens. */
    public record User(String username, String password) {
    }

    /** A backup repository; {@code type} is an {@code ERepositoryType} value such as {@code WinLocal}. */
    public record Repository(String name, String type, String description, String hostName, String path,
                             double capacityGB, double freeGB, double usedSpaceGB, boolean online) {
    }

    /** A protected object (a VM) of a job. */
    public record BackupObject(String name, String hostName, double sizeGB) {
    }

    /** A backup job. {@code type} is the 1.3 name ({@code VSphereBackup}); older revisions rename it. */
    public record Job(String name, String type, String description, String repository, boolean highPriority,
                      boolean disabled, List<BackupObject> objects, Behaviour behaviour) {
        public Job {
            objects = List.copyOf(objects);
        }
    }

    /** A waiting state a session passes through before it works. */
    public record Wait(String state, Duration duration) {
    }

    /** A line the session log shows while the job works ({@code status}: Succeeded, Warning, Failed). */
    public record LogLine(String status, String title) {
    }

    /**
     * How a job's next runs behave.
     *
     * @param outcome      Success, Warning or Failed
     * @param duration     simulated working time (scaled by the time scale)
     * @param waits        waiting states before the work starts (WaitingSlot, WaitingRepository)
     * @param message      {@code result.message} at the end; null picks one from the outcome
     * @param log          extra log records shown while working
     * @param writtenGB    data written to the repository per successful run; null = derived from the objects
     * @param retryOutcome outcome of a retry session (1.3)
     */
    public record Behaviour(String outcome, Duration duration, List<Wait> waits, String message,
                            List<LogLine> log, Double writtenGB, String retryOutcome) {
        public Behaviour {
            waits = List.copyOf(waits);
            log = List.copyOf(log);
        }

        public static Behaviour success(Duration duration) {
            return new Behaviour("Success", duration, List.of(), null, List.of(), null, "Success");
        }
    }
}
