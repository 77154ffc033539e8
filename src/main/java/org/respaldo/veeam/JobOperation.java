package org.respaldo.veeam;

/** What a schedule's run may ask Veeam to do with a job. */
public enum JobOperation {
    /** {@code POST /jobs/{id}/start} with {@code performActiveFull: false}. */
    START("start", "start"),
    /** {@code POST /jobs/{id}/start} with {@code performActiveFull: true}. */
    ACTIVE_FULL("active full backup", "run an active full backup"),
    /** {@code POST /jobs/{id}/stop}. */
    STOP("stop", "stop"),
    /** {@code POST /jobs/{id}/stop} with {@code gracefulStop: true}: the objects in progress still get a restore point. */
    GRACEFUL_STOP("graceful stop", "stop gracefully"),
    /** {@code POST /jobs/{id}/retry}: only the objects that failed are processed again. */
    RETRY("retry", "retry");

    private final String label;
    private final String verb;

    JobOperation(String label, String verb) {
        this.label = label;
        this.verb = verb;
    }

    /** English verb phrase for messages ("stop gracefully"). */
    public String verb() {
        return verb;
    }

    /** English name for messages. */
    public String label() {
        return label;
    }
}
