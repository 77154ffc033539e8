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

    /**
     * A protected object of a job: a VM (vSphere, Hyper-V) or a computer (Veeam Agent jobs).
     *
     * @param hostName        the vCenter or Hyper-V host of a VM; for a computer its DNS name
     * @param sizeGB          the size of its disks (what a session processes)
     * @param protectionGroup Veeam Agent jobs: the protection group the computer belongs to (null otherwise)
     */
    public record BackupObject(String name, String hostName, double sizeGB, String protectionGroup) {
        public BackupObject(String name, String hostName, double sizeGB) {
            this(name, hostName, sizeGB, null);
        }
    }

    /**
     * A backup job. {@code type} is the 1.3 {@code EJobType} name: {@code VSphereBackup} (older revisions call
     * it {@code Backup}), {@code HyperVBackup}, {@code WindowsAgentBackup} or {@code LinuxAgentBackup}.
     *
     * @param backupMode Veeam Agent jobs: {@code EntireComputer}, {@code Volumes} or {@code FileLevel}
     * @param history    restore points each object already has when the simulator starts (a full, then
     *                   increments, one a day up to yesterday); 0 = the job never ran
     */
    public record Job(String name, String type, String description, String repository, boolean highPriority,
                      boolean disabled, List<BackupObject> objects, Behaviour behaviour, String backupMode, int history) {
        public Job {
            objects = List.copyOf(objects);
        }

        public Job(String name, String type, String description, String repository, boolean highPriority,
                   boolean disabled, List<BackupObject> objects, Behaviour behaviour) {
            this(name, type, description, repository, highPriority, disabled, objects, behaviour, "EntireComputer", 0);
        }
    }

    /**
     * How one object of a job ends its sessions ({@code outcome} Success, Warning or Failed). A failed object
     * gets no restore point.
     */
    public record ObjectOutcome(String name, String outcome, String message) {
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
     * @param retryOutcome outcome of a retry session (1.3), for every object it retries
     * @param objects      per-object outcomes; an object not listed succeeds, except that a Failed outcome
     *                     with no object listed fails every object and a Warning outcome with none listed
     *                     warns on the first. The session's result is the worst of {@code outcome} and these.
     */
    public record Behaviour(String outcome, Duration duration, List<Wait> waits, String message,
                            List<LogLine> log, Double writtenGB, String retryOutcome, List<ObjectOutcome> objects) {
        public Behaviour {
            waits = List.copyOf(waits);
            log = List.copyOf(log);
            objects = List.copyOf(objects);
        }

        public Behaviour(String outcome, Duration duration, List<Wait> waits, String message,
                         List<LogLine> log, Double writtenGB, String retryOutcome) {
            this(outcome, duration, waits, message, log, writtenGB, retryOutcome, List.of());
        }

        public static Behaviour success(Duration duration) {
            return new Behaviour("Success", duration, List.of(), null, List.of(), null, "Success");
        }

        /** This behaviour with per-object outcomes. */
        public Behaviour withObjects(List<ObjectOutcome> outcomes) {
            return new Behaviour(outcome, duration, waits, message, log, writtenGB, retryOutcome, outcomes);
        }
    }
}
