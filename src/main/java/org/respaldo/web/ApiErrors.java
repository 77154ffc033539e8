package org.respaldo.web;

import org.respaldo.json.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an exception caught on an API route into a JSON answer with the right status. */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public void render(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api = null;
        for (Throwable t = e; t != null && api == null; t = t.getCause()) {
            if (t instanceof ApiException a) {
                api = a;
            }
        }
        int status = api != null ? api.status() : 500;
        String message = api != null ? api.getMessage() : "internal error; the server log has the details";
        if (api == null) {
            LOG.error("API request failed: {}", e == null ? "unknown" : e.getMessage(), e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.error(status, message));
    }
}
