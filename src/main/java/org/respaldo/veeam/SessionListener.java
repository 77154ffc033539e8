package org.respaldo.veeam;

/** Told when a polled session changes state, progress or result. */
@FunctionalInterface
public interface SessionListener {

    /** @param previous the state seen before, or null on the first poll */
    void changed(Session previous, Session current);

    SessionListener NONE = (p, c) -> { };
}
