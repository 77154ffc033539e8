package org.respaldo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.respaldo.testing.HandClock;

/** A user's request keeps a session alive; a page's own timed refresh (peek) does not. */
class SessionsTest {

    @Test
    void aTimedRefreshDoesNotExtendTheIdleTimeButAUsersRequestDoes() {
        HandClock clock = new HandClock("2026-12-01T12:00:00Z");
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30));
        String id = sessions.open(new User("director", Role.DIRECTOR, "file")).id();

        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.peek(id)).as("a refresh 20 minutes in").isPresent();
        clock.advance(Duration.ofMinutes(11));
        assertThat(sessions.peek(id)).as("31 minutes without the user: the refreshes did not keep it").isEmpty();
        assertThat(sessions.touch(id)).isEmpty();

        String other = sessions.open(new User("tecnico", Role.TECNICO, "file")).id();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.touch(other)).as("the user's own request").isPresent();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.peek(other)).as("20 minutes after the user's last request").isPresent();
        assertThat(sessions.peek(null)).isEmpty();
        assertThat(sessions.peek("unknown")).isEmpty();
    }
}
