package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TokenSetTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static TokenSet token(Duration lifetime) {
        return new TokenSet(Secret.of("a"), Secret.of("r"), T0, lifetime, false);
    }

    @Test
    void renewsOneMarginBeforeExpiry() {
        TokenSet t = token(Duration.ofSeconds(900));
        assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(900));
        assertThat(t.renewAt(Duration.ofSeconds(60))).isEqualTo(T0.plusSeconds(840));
        assertThat(t.usable(T0.plusSeconds(839), Duration.ofSeconds(60))).isTrue();
        assertThat(t.usable(T0.plusSeconds(840), Duration.ofSeconds(60))).isFalse();
    }

    @Test
    void shortLifetimesRenewAtMostAFifthEarly() {
        TokenSet t = token(Duration.ofSeconds(3));
        // margin 60 s would make a 3 s token useless; a fifth of 3 s is 600 ms
        assertThat(t.renewAt(Duration.ofSeconds(60))).isEqualTo(T0.plusMillis(2400));
    }

    @Test
    void unknownLifetimeLastsUntilRefused() {
        TokenSet t = token(null);
        assertThat(t.expiresAt()).isNull();
        assertThat(t.usable(T0.plus(Duration.ofDays(30)), Duration.ofSeconds(60))).isTrue();
        assertThat(t.markRejected().usable(T0, Duration.ofSeconds(60))).isFalse();
    }

    @Test
    void secretsNeverPrint() {
        TokenSet t = token(Duration.ofSeconds(900));
        assertThat(t.toString()).doesNotContain("access").isNotEmpty();
        assertThat(Secret.of("hunter2")).hasToString("****");
        assertThat(t.withoutRefresh().refresh()).isNull();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(3000));
        assertThat(b.delay(40)).isEqualTo(Duration.ofMillis(3000));
    }
}
