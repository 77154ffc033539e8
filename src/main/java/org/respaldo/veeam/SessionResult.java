package org.respaldo.veeam;

/** {@code ESessionResult}: {@code None} while a session runs. */
public enum SessionResult {
    NONE, SUCCESS, WARNING, FAILED, UNKNOWN;

    public static SessionResult parse(String raw) {
        return VeeamEnums.parse(SessionResult.class, raw, UNKNOWN);
    }
}
