package org.respaldo.veeam;

/**
 * The server answered with an error status (4xx, or 5xx after the retries allowed for the request).
 * {@code errorCode} and {@code serverMessage} come from Veeam's {@code Error} body when there is one.
 */
public class VeeamApiException extends VeeamException {

    private final int status;
    private final String errorCode;
    private final String serverMessage;

    public VeeamApiException(String message, int status, String errorCode, String serverMessage) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    /** Veeam's {@code errorCode} (for example {@code NotFound}), or empty. */
    public String errorCode() {
        return errorCode;
    }

    /** Veeam's {@code message}, or empty. */
    public String serverMessage() {
        return serverMessage;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
