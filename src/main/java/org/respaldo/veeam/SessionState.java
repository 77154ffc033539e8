package org.respaldo.veeam;

/** {@code ESessionState}; {@code ActionRequired} exists from 1.3-rev2. */
public enum SessionState {
    STOPPED, STARTING, STOPPING, WORKING, PAUSING, RESUMING, WAITING_TAPE, IDLE, POSTPROCESSING,
    WAITING_REPOSITORY, WAITING_SLOT, ACTION_REQUIRED, UNKNOWN;

    public static SessionState parse(String raw) {
        return VeeamEnums.parse(SessionState.class, raw, UNKNOWN);
    }
}
