package org.respaldo.sim;

/** An error answered with the spec's {@code Error} body: {@code {errorCode, message, resourceId?}}. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String resourceId;

    ApiException(int status, String errorCode, String message, String resourceId) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.resourceId = resourceId;
    }

    ApiException(int status, String errorCode, String message) {
        this(status, errorCode, message, null);
    }

    static ApiException notFound(String what, String id) {
        return new ApiException(404, "NotFound", what + " with id '" + id + "' does not exist.", id);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "UnexpectedContent", message);
    }

    static ApiException badQuery(String message) {
        return new ApiException(400, "InvalidURI", message);
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    String resourceId() {
        return resourceId;
    }
}
