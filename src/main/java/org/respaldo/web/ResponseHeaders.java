package org.respaldo.web;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which message headers become HTTP response headers: only the ones a page or an API answer sets
 * on purpose. Camel's default copies every header back, and the request's query and form values
 * are headers too: a value with a line break made the answer fail (500), and any value was echoed
 * to the client as a header. Request headers are read as before.
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy {

    static final Set<String> SENT = Set.of("content-type", "content-disposition", "content-encoding", "content-language",
            "cache-control", "location", "etag", "last-modified", "x-content-type-options", "x-frame-options",
            "content-security-policy", "referrer-policy", "retry-after", "allow", "vary");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || !SENT.contains(headerName.toLowerCase(Locale.ROOT))
                || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
