package org.respaldo.veeam;

/** What a schedule's run may ask Veeam to do with a job. */
public enum JobOperation {
    /** {@code POST /jobs/{id}/start} with {@code performActiveFull: false}. */
    START("start"),
    /** {@code POST /jobs/{id}/start} with {@code performActiveFull: true}. */
    ACTIVE_FULL("active full backup"),
    /** {@code POST /jobs/{id}/stop}. */
    STOP("stop"),
    /** {@code POST /jobs/{id}/stop} with {@code gracefulStop: true}: the objects in progress still get a restore point. */
    GRACEFUL_STOP("graceful stop"),
    /** {@code POST /jobs/{id}/retry}: only the objects that failed are processed again. */
    RETRY("retry");

    private final String label;

    JobOperation(String label) {
        this.label = label;
    }

    /** English name for messages. */
    public String label() {
        return label;
    }
}
