package org.respaldo.auth;

/** What a request asks to do (the table "who may do what"). */
public enum Permission {
    /** the console and the read-only API (schedules, runs, mails, cluster) */
    READ,
    /** the audit trail and its CSV export */
    READ_AUDIT,
    /** upload a schedule file, validate one without registering it, draft one */
    UPLOAD,
    /** run a schedule now */
    RUN_NOW,
    /** rerun the failed jobs of a concluded run */
    RERUN,
    /** the Director's sign-off of a concluded run */
    SIGNOFF,
    /** enable or disable a schedule */
    ENABLE_DISABLE,
    /** any other write (none today): the Director's */
    ADMIN
}
