package org.respaldo.web;

/** An API error with its HTTP status; the message is shown to the caller. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what);
    }

    public static ApiException badRequest(String what) {
        return new ApiException(400, what);
    }
}
