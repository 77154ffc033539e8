package org.respaldo.veeam;

/** The server could not be reached, or kept failing (5xx, dropped connections) after the retries allowed. */
public class VeeamUnavailableException extends VeeamException {

    public VeeamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
