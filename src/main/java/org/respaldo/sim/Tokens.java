package org.respaldo.sim;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Issued tokens: access tokens with a lifetime, single-use refresh tokens, revocation. Thread-safe. */
final class Tokens {

    static final Duration REFRESH_TTL = Duration.ofDays(14);

    record Access(String user, String pairId, Instant issued, Instant expires) {
    }

    record Refresh(String user, String pairId, Instant expires) {
    }

    record Pair(String accessToken, String refreshToken, Instant issued, Instant expires, long expiresIn) {
    }

    enum Check { VALID, MISSING, UNKNOWN, EXPIRED }

    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
    private final AtomicInteger refusedRefreshes = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration accessTtl;

    Tokens(Duration accessTtl) {
        this.accessTtl = accessTtl;
    }

    void accessTtl(Duration ttl) {
        this.accessTtl = ttl;
    }

    Pair issue(String user) {
        Instant now = Instant.now();
        Duration ttl = accessTtl;
        String pairId = UUID.randomUUID().toString();
        String at = jwt(user, now, now.plus(ttl), "access");
        String rt = jwt(user, now, now.plus(REFRESH_TTL), "refresh");
        access.put(at, new Access(user, pairId, now, now.plus(ttl)));
        refresh.put(rt, new Refresh(user, pairId, now.plus(REFRESH_TTL)));
        return new Pair(at, rt, now, now.plus(ttl), Math.max(1, ttl.toSeconds()));
    }

    /** Consumes a refresh token; null when unknown, used, expired or refused by an injected fault. */
    String redeem(String token) {
        Refresh r = token == null ? null : refresh.remove(token);
        if (r == null || r.expires().isBefore(Instant.now())) {
            return null;
        }
        if (refusedRefreshes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return null;
        }
        return r.user();
    }

    Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Check.MISSING;
        }
        Access a = access.get(authorization.substring(7).trim());
        if (a == null) {
            return Check.UNKNOWN;
        }
        return a.expires().isAfter(Instant.now()) ? Check.VALID : Check.EXPIRED;
    }

    /** Logout: revokes the access token and the refresh token issued with it. */
    void logout(String authorization) {
        Access a = access.remove(authorization.substring(7).trim());
        if (a != null) {
            refresh.values().removeIf(r -> r.pairId().equals(a.pairId()));
        }
    }

    void revokeAll() {
        access.clear();
        refresh.clear();
    }

    void expireAll() {
        Instant past = Instant.now().minusSeconds(1);
        access.replaceAll((k, a) -> new Access(a.user(), a.pairId(), a.issued(), past));
    }

    void refuseNextRefreshes(int count) {
        refusedRefreshes.addAndGet(count);
    }

    int activeAccessTokens() {
        Instant now = Instant.now();
        return (int) access.values().stream().filter(a -> a.expires().isAfter(now)).count();
    }

    private String jwt(String user, Instant issued, Instant expires, String use) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"unique_name\":\"" + user.replace("\"", "") + "\",\"use\":\"" + use
                + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"nbf\":" + issued.getEpochSecond() + ",\"exp\":"
                + expires.getEpochSecond() + ",\"iat\":" + issued.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return header + "." + payload + "." + b64.encodeToString(signature);
    }
}
