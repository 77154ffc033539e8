package org.respaldo.veeam;

import java.time.Duration;
import java.time.Instant;

/**
 * An access token and its refresh token, with the arithmetic of when to renew them.
 *
 * @param access     the bearer token
 * @param refresh    the single-use refresh token, or null once used
 * @param obtainedAt when the token request was sent (the lifetime counts from then, to be safe)
 * @param lifetime   {@code expires_in}; null when the server did not say (then only a 401 renews it)
 * @param rejected   the server answered 401 to this access token
 */
record TokenSet(Secret access, Secret refresh, Instant obtainedAt, Duration lifetime, boolean rejected) {

    /** When the token expires, or null when unknown. */
    Instant expiresAt() {
        return lifetime == null ? null : obtainedAt.plus(lifetime);
    }

    /** When to renew: {@code margin} before expiry, but at most a fifth of the lifetime early. */
    Instant renewAt(Duration margin) {
        if (lifetime == null) {
            return Instant.MAX;
        }
        Duration early = margin.compareTo(lifetime.dividedBy(5)) < 0 ? margin : lifetime.dividedBy(5);
        return obtainedAt.plus(lifetime).minus(early);
    }

    boolean usable(Instant now, Duration margin) {
        return !rejected && now.isBefore(renewAt(margin));
    }

    TokenSet markRejected() {
        return new TokenSet(access, refresh, obtainedAt, lifetime, true);
    }

    TokenSet withoutRefresh() {
        return new TokenSet(access, null, obtainedAt, lifetime, rejected);
    }

    @Override
    public String toString() {
        return "TokenSet[obtained " + obtainedAt + ", lifetime " + lifetime + (rejected ? ", rejected" : "") + "]";
    }
}
