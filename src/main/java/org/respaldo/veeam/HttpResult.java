package org.respaldo.veeam;

/** A response: status, body text (empty when there was none) and content type. */
record HttpResult(int status, String body, String contentType) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean serverError() {
        return status >= 500;
    }

    boolean hasBody() {
        return body != null && !body.isBlank();
    }
}
