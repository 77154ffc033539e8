package org.respaldo.auth;

import java.util.Optional;

/** A source of users: the users file or the directory. */
public interface Authenticator {

    /** The user when the password is theirs and they have a role; empty when not. */
    Optional<User> authenticate(String name, String password) throws SourceUnavailableException;

    /** What this source is, for the start-up log (no secret in it). */
    String description();

    /** The source could not answer (the directory is down): not a failed login. */
    final class SourceUnavailableException extends Exception {
        public SourceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
