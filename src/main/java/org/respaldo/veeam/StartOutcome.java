package org.respaldo.veeam;

/** What a start or retry request led to. */
public sealed interface StartOutcome {

    /**
     * The job runs in this session.
     *
     * @param recovered true when the request's answer was lost and the session was found afterwards
     */
    record Started(Session session, boolean recovered) implements StartOutcome {
    }

    /** 1.3-rev2 answered 204: the job had no objects to process and no session was created. */
    record NothingToProcess(String jobId) implements StartOutcome {
    }
}
