package org.respaldo.audit;

import java.time.Instant;

/**
 * One line of the audit trail: who ({@code actor}, with their role), when, from which address, what
 * ({@code action}), on which object (a schedule id, a run id, a file name) and the outcome, with a detail.
 */
public record AuditEvent(long id, Instant at, String actor, String role, String address, String action, String object,
        String outcome, String detail) {

    /** The actions audited. */
    public static final String LOGIN = "login", LOGIN_FAILED = "login-failed", LOCKOUT = "lockout", LOGOUT = "logout",
            UPLOAD = "upload", VALIDATE = "validate", ENABLE = "enable", DISABLE = "disable", RUN_NOW = "run-now",
            RERUN = "rerun", SIGNOFF = "signoff", REFUSED = "refused", DRAFT = "draft";

    /** The outcomes. */
    public static final String OK = "ok", DENIED = "denied", FAILED = "failed";
}
