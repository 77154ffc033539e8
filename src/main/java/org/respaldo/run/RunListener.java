package org.respaldo.run;

/**
 * Hears the run engine's outcomes, one way: the engine tells, the listener never answers or changes
 * anything (metrics count with it). Called on the engine's worker threads after the outcome is in the
 * database; a listener must be quick and must not throw (an exception is logged and ignored).
 * Register with {@link RunEngine#addListener(RunListener)}.
 */
public interface RunListener {

    /** A run has its result (SUCCESS, WARNING, FAILED, SKIPPED, or MISSED for a fire recorded as missed). */
    default void runConcluded(Run run) {
    }

    /** One Veeam job of a run has its final result. */
    default void jobEnded(Run run, Run.Job job) {
    }
}
