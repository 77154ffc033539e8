package org.respaldo.veeam;

import java.time.OffsetDateTime;

/** {@code GET /api/v1/serverTime}: the server's clock and its time zone name. */
public record ServerTime(OffsetDateTime serverTime, String timeZone) {
}
