package org.respaldo.veeam;

import java.util.Locale;
import java.util.Set;

/**
 * Which operations a job type supports on each API revision: Veeam's OpenAPI documents of 1.1-rev0 to
 * 1.3-rev2 for what they say, Respaldo's decisions for what they leave open (README, "Veeam: client and
 * simulator"; the simulator behaves the same way, see {@code org.respaldo.sim}).
 *
 * <table>
 *   <caption>Job kinds and operations</caption>
 *   <tr><th></th><th>start / active full / stop</th><th>graceful stop</th><th>retry</th></tr>
 *   <tr><td>VMware vSphere</td><td>every revision</td><td>yes</td><td>1.3-rev0 on; before: started again (degraded)</td></tr>
 *   <tr><td>Hyper-V</td><td>1.3-rev0 on; before: not listed (unsupported)</td><td>yes</td><td>1.3-rev0 on</td></tr>
 *   <tr><td>Veeam Agent (Windows, Linux)</td><td>1.3-rev0 on; before: not listed (unsupported)</td>
 *       <td>no: stopped at once (degraded)</td><td>1.3-rev0 on</td></tr>
 * </table>
 *
 * <p>Documented facts: {@code EJobType} has {@code HyperVBackup}, {@code WindowsAgentBackup} and
 * {@code LinuxAgentBackup} from 1.3-rev0 only; {@code /jobs/{id}/retry} exists from 1.3-rev0. Their job
 * models all carry active-full settings, so all accept {@code performActiveFull}. Decisions: agent jobs
 * process one computer per task and the documents define a graceful stop in terms of VMs, so they are
 * stopped at once; job types that write no backup chain (vSphere replication, SureBackup content scans)
 * refuse an active full. Types Respaldo does not know are assumed to do what they are asked (the server
 * has the last word).
 */
public final class JobCapabilities {

    /** Types without a backup chain of their own: an active full means nothing for them. */
    static final Set<String> NO_ACTIVE_FULL = Set.of("vspherereplica", "surebackupcontentscan");

    private JobCapabilities() {
    }

    public static JobSupport of(ApiVersion api, VeeamJob job, JobOperation operation) {
        return of(api, job.name(), job.type(), operation);
    }

    public static JobSupport of(ApiVersion api, String jobName, String jobType, JobOperation operation) {
        JobKind kind = JobKind.of(jobType);
        String name = jobName == null ? "" : jobName;
        String type = jobType == null ? "" : jobType;
        if (kind.since() != null && !api.atLeast(kind.since())) {
            return new JobSupport(name, type, operation, api, JobSupport.Level.UNSUPPORTED, kind.since(),
                    "API " + api + " manages no " + kind.label() + " jobs (its REST API lists only VMware vSphere backup"
                            + " jobs among backup jobs); they arrived with API " + kind.since() + " (VBR 13.0)");
        }
        return switch (operation) {
            case START, STOP -> ok(name, type, operation, api);
            case ACTIVE_FULL -> NO_ACTIVE_FULL.contains(type.toLowerCase(Locale.ROOT))
                    ? new JobSupport(name, type, operation, api, JobSupport.Level.UNSUPPORTED, null,
                            "a " + type + " job writes no backup chain of its own, so it has no active full")
                    : ok(name, type, operation, api);
            case GRACEFUL_STOP -> kind.agent()
                    ? new JobSupport(name, type, operation, api, JobSupport.Level.DEGRADED, null,
                            "Veeam Agent jobs cannot stop gracefully: the job is stopped at once, and the computer being"
                                    + " backed up at that moment gets no new restore point")
                    : ok(name, type, operation, api);
            case RETRY -> api.supportsRetry()
                    ? ok(name, type, operation, api)
                    : new JobSupport(name, type, operation, api, JobSupport.Level.DEGRADED, ApiVersion.V1_3_REV0,
                            "API " + api + " has no job retry (it arrived with API 1.3-rev0, VBR 13.0): the job is started"
                                    + " again instead, which processes all its objects, not only the failed ones");
        };
    }

    private static JobSupport ok(String name, String type, JobOperation operation, ApiVersion api) {
        return new JobSupport(name, type, operation, api, JobSupport.Level.SUPPORTED, null, "");
    }
}
