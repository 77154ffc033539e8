package org.respaldo.outbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mail Respaldo sends, composed and ready for {@code direct:notify-send}: the event
 * ({@code accepted}, {@code rejected}, {@code started}, {@code succeeded}, {@code warning},
 * {@code failed}, {@code skipped}), the recipients, the subject, the plain-text and HTML
 * bodies, the {@code X-Respaldo-*} headers and the attachments.
 */
public record Mail(
        String event,
        List<String> to,
        String subject,
        String text,
        String html,
        Map<String, String> headers,
        List<Attachment> attachments) {

    public static final String EVENT_HEADER = "X-Respaldo-Event";
    public static final String SCHEDULE_HEADER = "X-Respaldo-Schedule";
    public static final String RUN_HEADER = "X-Respaldo-Run";

    public Mail {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient (event " + event + ")");
        }
        to = List.copyOf(to);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The schedule id ({@code X-Respaldo-Schedule}), or null when the file could not be read far enough. */
    public String scheduleId() {
        return headers.get(SCHEDULE_HEADER);
    }

    /** The run id ({@code X-Respaldo-Run}), or null for a mail that is not about a run. */
    public String runId() {
        return headers.get(RUN_HEADER);
    }

    public Optional<Attachment> attachment(String name) {
        return attachments.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** A file attached to the mail (the JSON report of a run). */
    public record Attachment(String name, String contentType, byte[] content) {
        public Attachment {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }
}
