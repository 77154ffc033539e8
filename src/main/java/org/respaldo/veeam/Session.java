package org.respaldo.veeam;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A job session ({@code SessionModel}).
 *
 * @param jobId    {@code jobId}, or {@code activityId} where a revision or example uses that
 * @param typeName the session type as sent (for messages)
 * @param result   {@link SessionResult#NONE} while running (also when the server sends null)
 * @param message  {@code result.message}, empty when absent
 * @param endTime  null while running
 */
public record Session(String id, String name, String jobId, SessionType type, String typeName, SessionState state,
        int progressPercent, SessionResult result, String message, boolean canceled, OffsetDateTime creationTime,
        OffsetDateTime endTime, long usn) {

    /** The session has finished ({@code state == Stopped}). */
    public boolean stopped() {
        return state == SessionState.STOPPED;
    }

    public Optional<OffsetDateTime> end() {
        return Optional.ofNullable(endTime);
    }

    /** Run time so far, or in total once it ended; zero when the creation time is unknown. */
    public Duration duration(OffsetDateTime now) {
        if (creationTime == null) {
            return Duration.ZERO;
        }
        OffsetDateTime end = endTime != null ? endTime : now;
        return end.isBefore(creationTime) ? Duration.ZERO : Duration.between(creationTime, end);
    }

    /** Whether a listener should hear about the step from {@code previous} to this. */
    boolean differsFrom(Session previous) {
        return previous == null || previous.state != state || previous.progressPercent != progressPercent
                || previous.result != result || !previous.message.equals(message);
    }
}
