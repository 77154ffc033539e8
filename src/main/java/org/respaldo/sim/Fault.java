package org.respaldo.sim;

import java.util.Locale;

/**
 * An injected fault. It applies to requests whose endpoint matches {@code endpoint} (a template
 * such as {@code GET /api/v1/sessions/{id}}, or {@code null}/{@code *} for every {@code /api}
 * request) and, when {@code job} is set, only to requests about that job (its {@code /jobs/{id}...}
 * paths and its sessions).
 *
 * @param times     how many matching requests it affects; a negative number means until cleared
 * @param latencyMs for {@link Kind#LATENCY}: delay added before answering
 */
public record Fault(Kind kind, String endpoint, String job, int times, long latencyMs) {

    public enum Kind {
        /** answer 500 with an {@code Error} body (errorCode UnknownError) */
        SERVER_ERROR,
        /** wait {@code latencyMs} before handling the request normally */
        LATENCY,
        /** close the connection without any response */
        DROP_CONNECTION,
        /** answer 401 with an empty body */
        UNAUTHORIZED_EMPTY;

        static Kind parse(String text) {
            String value = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            return switch (value) {
                case "500", "ERROR", "SERVER_ERROR" -> SERVER_ERROR;
                case "LATENCY", "DELAY", "SLOW" -> LATENCY;
                case "DROP", "DROP_CONNECTION" -> DROP_CONNECTION;
                case "401", "UNAUTHORIZED", "UNAUTHORIZED_EMPTY" -> UNAUTHORIZED_EMPTY;
                default -> throw new IllegalArgumentException("Unknown fault kind '" + text
                        + "'; use SERVER_ERROR, LATENCY, DROP_CONNECTION or UNAUTHORIZED_EMPTY");
            };
        }
    }

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.LATENCY && latencyMs <= 0) {
            throw new IllegalArgumentException("a LATENCY fault needs latencyMs > 0");
        }
        if ("*".equals(endpoint) || (endpoint != null && endpoint.isBlank())) {
            endpoint = null;
        }
    }

    /** The next {@code times} requests to {@code endpoint} (null = any) get a 500. */
    public static Fault serverErrors(String endpoint, int times) {
        return new Fault(Kind.SERVER_ERROR, endpoint, null, times, 0);
    }

    public static Fault latency(String endpoint, long latencyMs, int times) {
        return new Fault(Kind.LATENCY, endpoint, null, times, latencyMs);
    }

    public static Fault dropConnections(String endpoint, int times) {
        return new Fault(Kind.DROP_CONNECTION, endpoint, null, times, 0);
    }

    public static Fault unauthorizedEmpty(String endpoint, int times) {
        return new Fault(Kind.UNAUTHORIZED_EMPTY, endpoint, null, times, 0);
    }

    /** The same fault limited to requests about one job (by name). */
    public Fault forJob(String jobName) {
        return new Fault(kind, endpoint, jobName, times, latencyMs);
    }
}
