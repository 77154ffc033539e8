package org.respaldo.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the simulator answered (or dropped: status 0). Header values of
 * {@code Authorization} are replaced by their scheme and {@code ***}.
 *
 * @param endpoint the matched template, e.g. {@code GET /api/v1/sessions/{id}}
 */
public record RecordedRequest(Instant time, String method, String path, String query,
                              Map<String, List<String>> headers, int status, String endpoint,
                              String apiVersion, long durationMicros) {
}
