package org.respaldo.config;

/**
 * Start-up cannot go on because of something the operator must change (a missing setting, a port
 * already taken): its message says what to set, and the process prints it without a stack trace.
 */
public class StartupException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
