package org.respaldo.veeam;

/** {@code JobStateModel.status}: lower case up to 1.3-rev0, capitalised from 1.3-rev1. */
public enum JobStatus {
    RUNNING, INACTIVE, DISABLED, ENABLED, STOPPING, STOPPED, STARTING, UNKNOWN;

    public static JobStatus parse(String raw) {
        return VeeamEnums.parse(JobStatus.class, raw, UNKNOWN);
    }

    /** A session of the job is under way (starting, running or stopping). */
    public boolean active() {
        return this == RUNNING || this == STARTING || this == STOPPING;
    }
}
