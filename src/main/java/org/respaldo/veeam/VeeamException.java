package org.respaldo.veeam;

/**
 * Something went wrong between Respaldo and a Veeam server. Messages say what happened and what to
 * do; they never contain passwords or tokens.
 */
public class VeeamException extends RuntimeException {

    public VeeamException(String message) {
        super(message);
    }

    public VeeamException(String message, Throwable cause) {
        super(message, cause);
    }
}
