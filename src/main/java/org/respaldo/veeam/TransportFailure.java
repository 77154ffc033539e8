package org.respaldo.veeam;

/**
 * No HTTP response arrived: the connection was refused, dropped or timed out.
 * {@code notSent} is true only when the request certainly never reached the server (connect failed),
 * so even a non-idempotent request may be sent again.
 */
final class TransportFailure extends Exception {

    private final boolean notSent;

    TransportFailure(String message, Throwable cause, boolean notSent) {
        super(message, cause);
        this.notSent = notSent;
    }

    boolean notSent() {
        return notSent;
    }
}
