package org.respaldo.sim;

/**
 * A request with its bodies, for contract tests. Form values of {@code password} and
 * {@code refresh_token} in a token request body are replaced by {@code ***}.
 */
public record RecordedExchange(RecordedRequest request, String requestContentType, String requestBody,
                               String responseContentType, String responseBody) {
}
