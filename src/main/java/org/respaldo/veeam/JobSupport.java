package org.respaldo.veeam;

/**
 * Whether a job's type can do an operation on a server's API revision ({@link JobCapabilities} decides).
 *
 * @param jobName       the job's name (may be empty when only its id was known)
 * @param jobType       the job's type as Veeam sent it
 * @param operation     what was asked
 * @param apiVersion    the revision the server is spoken to with
 * @param level         {@link Level#SUPPORTED}, {@link Level#DEGRADED} (Respaldo falls back to something
 *                      weaker, see {@code reason}) or {@link Level#UNSUPPORTED} (the server cannot do it)
 * @param availableFrom the first revision that has the operation for this type, when a newer one would; else null
 * @param reason        English explanation for {@code DEGRADED} and {@code UNSUPPORTED}; empty when supported
 */
public record JobSupport(String jobName, String jobType, JobOperation operation, ApiVersion apiVersion, Level level,
        ApiVersion availableFrom, String reason) {

    /** How well a job type supports an operation. */
    public enum Level {
        SUPPORTED, DEGRADED, UNSUPPORTED
    }

    /** The operation is done as asked. */
    public boolean supported() {
        return level == Level.SUPPORTED;
    }

    public JobKind kind() {
        return JobKind.of(jobType);
    }

    /**
     * One sentence for a log, an exception or a report: names the job, its type, the operation, the server
     * and its API revision, and says why.
     */
    public String describe(String serverAlias) {
        String job = jobName == null || jobName.isEmpty() ? "A job" : "Job '" + jobName + "'";
        String verdict = switch (level) {
            case SUPPORTED -> "can " + operation.verb();
            case DEGRADED -> "cannot " + operation.verb() + " as asked";
            case UNSUPPORTED -> "cannot " + operation.verb();
        };
        return job + " (" + (jobType == null || jobType.isEmpty() ? "type unknown" : jobType) + ") " + verdict
                + " on Veeam server '" + serverAlias + "' (API " + apiVersion + ")" + (reason.isEmpty() ? "" : ": " + reason);
    }
}
