package org.respaldo.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions: a random id (the cookie) for a user, with its CSRF token; a session idle for longer than the
 * timeout is gone. Kept in this process (a restart logs everybody out).
 */
public final class Sessions {

    public record Session(String id, User user, String csrf, Instant lastSeen) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration idle;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Session open(User user) {
        Session s = new Session(token(), user, token(), clock.instant());
        sessions.put(s.id(), s);
        if (sessions.size() % 256 == 0) {
            sweep();
        }
        return s;
    }

    /** The live session of this id, seen now (its idle time starts again); empty when unknown or idle too long. */
    public Optional<Session> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, old) -> old.lastSeen().plus(idle).isAfter(now)
                ? new Session(old.id(), old.user(), old.csrf(), now) : null);
        return Optional.ofNullable(s);
    }

    /**
     * The live session of this id without seeing it now: a page's own refresh (the Panel or a run in progress
     * polling every few seconds) is not the user's activity, so a console left open still times out.
     */
    public Optional<Session> peek(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        return s != null && s.lastSeen().plus(idle).isAfter(clock.instant()) ? Optional.of(s) : Optional.empty();
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration idle() {
        return idle;
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.lastSeen().plus(idle).isAfter(now));
    }
}
