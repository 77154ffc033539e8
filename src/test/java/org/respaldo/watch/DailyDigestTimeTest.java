package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which digest time a look belongs to: today's once it has come, else yesterday's (a digest near midnight). */
class DailyDigestTimeTest {

    static DailyDigest at(String time) {
        return new DailyDigest(new DailyDigest.Settings(LocalTime.parse(time), ZoneId.of("America/Guatemala"), List.of(), "es",
                Duration.ofMinutes(1)), null, null, null, null, null, new WatchMails(), null, "nodo", Clock.systemUTC());
    }

    @Test
    void theLatestDigestTimeAtOrBeforeNow() {
        DailyDigest seven = at("07:00");
        // Guatemala is UTC-6: 07:00 there is 13:00 UTC
        assertThat(seven.dueAt(Instant.parse("2026-12-01T13:00:00Z"))).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
        assertThat(seven.dueAt(Instant.parse("2026-12-01T13:00:59Z"))).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
        assertThat(seven.dueAt(Instant.parse("2026-12-01T12:59:59Z"))).isEqualTo(Instant.parse("2026-11-30T13:00:00Z"));
        // 23:59:30 local: a look just after midnight still belongs to the day before
        DailyDigest late = at("23:59:30");
        assertThat(late.dueAt(Instant.parse("2026-12-02T06:00:10Z"))).isEqualTo(Instant.parse("2026-12-02T05:59:30Z"));
    }
}
