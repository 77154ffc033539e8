package org.respaldo.veeam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access token per Veeam server, shared by every caller. It is renewed shortly before
 * {@code expires_in} runs out, or when the server answers 401 to it; renewals are serialized (one
 * request in flight, the others wait and reuse its result). A refresh token is sent at most once; when
 * the server refuses it (or its answer is lost) the manager logs in again with the password.
 */
final class TokenManager {

    static final String TOKEN_PATH = "/api/oauth2/token";
    static final String LOGOUT_PATH = "/api/oauth2/logout";
    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);

    private final VeeamServerSettings settings;
    private final VeeamTransport transport;
    private final VeeamJson json;
    private final Clock clock;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TokenSet current;
    private volatile int grants;

    TokenManager(VeeamServerSettings settings, VeeamTransport transport, VeeamJson json, Clock clock, Backoff backoff) {
        this.settings = settings;
        this.transport = transport;
        this.json = json;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** A valid access token, renewed first if it is about to expire or was refused. */
    Secret accessToken() {
        TokenSet t = current;
        if (t != null && t.usable(clock.instant(), settings.tokenRefreshMargin())) {
            return t.access();
        }
        lock.lock();
        try {
            t = current;
            if (t != null && t.usable(clock.instant(), settings.tokenRefreshMargin())) {
                return t.access();
            }
            current = renew(t);
            return current.access();
        } finally {
            lock.unlock();
        }
    }

    /** The server answered 401 to {@code token}: the next {@link #accessToken()} renews it (once, for all callers). */
    void rejected(Secret token) {
        lock.lock();
        try {
            TokenSet t = current;
            if (t != null && t.access().equals(token) && !t.rejected()) {
                LOG.info("Veeam server '{}' refused the access token (expired or revoked); renewing it", settings.alias());
                current = t.markRejected();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Token requests sent so far (password and refresh grants). */
    int grants() {
        return grants;
    }

    /** Ends the session on the server (both tokens become invalid). Failures are only logged. */
    void logout() {
        lock.lock();
        try {
            TokenSet t = current;
            current = null;
            if (t == null || t.rejected()) {
                return;
            }
            HttpResult r = transport.send(HttpCall.postJson(LOGOUT_PATH, null, "POST " + LOGOUT_PATH), headers(t.access()));
            LOG.debug("Logged out of Veeam server '{}' (HTTP {})", settings.alias(), r.status());
        } catch (TransportFailure | RuntimeException e) {
            LOG.debug("Logout from Veeam server '{}' failed: {}", settings.alias(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private TokenSet renew(TokenSet old) {
        if (old != null && old.refresh() != null) {
            Secret refresh = old.refresh();
            current = old.withoutRefresh();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refresh.reveal());
            try {
                Instant sent = clock.instant();
                HttpResult r = grant(form);
                if (r.ok()) {
                    LOG.debug("Veeam server '{}': access token refreshed", settings.alias());
                    return parse(r, sent);
                }
                LOG.info("Veeam server '{}' refused the refresh token (HTTP {}); logging in with the password",
                        settings.alias(), r.status());
            } catch (TransportFailure e) {
                LOG.info("Veeam server '{}': refresh got no answer ({}); logging in with the password", settings.alias(),
                        e.getMessage());
            }
        }
        return passwordGrant();
    }

    private TokenSet passwordGrant() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", settings.username());
        form.put("password", settings.password().reveal());
        TransportFailure lastFailure = null;
        HttpResult last = null;
        for (int attempt = 1; attempt <= settings.retryAttempts(); attempt++) {
            if (attempt > 1) {
                backoff.pause(attempt - 1);
            }
            try {
                Instant sent = clock.instant();
                HttpResult r = grant(form);
                if (r.ok()) {
                    LOG.debug("Veeam server '{}': logged in as {}", settings.alias(), settings.username());
                    return parse(r, sent);
                }
                if (r.status() == 400 || r.status() == 401 || r.status() == 403) {
                    throw new VeeamAuthenticationException("Veeam server '" + settings.alias() + "' (" + settings.address()
                            + ") refused the login of user '" + settings.username() + "' (HTTP " + r.status()
                            + describe(r) + "). Check respaldo.veeam." + settings.alias() + ".username, the password in "
                            + VeeamServerSettings.passwordEnv(settings.alias()) + ", that the user has a VBR role "
                            + "allowed to use the REST API, and respaldo.veeam." + settings.alias()
                            + ".api-version (now " + settings.apiVersion() + ").");
                }
                last = r;
            } catch (TransportFailure e) {
                lastFailure = e;
            }
        }
        String why = last != null ? "HTTP " + last.status() + describe(last) : lastFailure.getMessage();
        throw new VeeamUnavailableException("Cannot log in to Veeam server '" + settings.alias() + "' ("
                + settings.address() + "): " + why + ". Check that the server is up and respaldo.veeam." + settings.alias()
                + ".url points at its REST API (port 9419 by default).", lastFailure);
    }

    /**
     * Grant types go lower case in every revision, as Veeam's own examples send them (the 1.3-rev1+
     * documents list them capitalised; VBR compares case-insensitively).
     */
    private HttpResult grant(Map<String, String> form) throws TransportFailure {
        grants++;
        Map<String, String> headers = Map.of("x-api-version", settings.apiVersion().toString());
        return transport.send(HttpCall.postForm(TOKEN_PATH, VeeamTransport.form(form), "POST " + TOKEN_PATH), headers);
    }

    private TokenSet parse(HttpResult r, Instant sent) {
        JsonNode n = json.read(r.body());
        String access = VeeamJson.text(n, "access_token");
        if (access.isEmpty()) {
            throw new VeeamException("Veeam server '" + settings.alias() + "' answered the token request without an access_token");
        }
        String refresh = VeeamJson.text(n, "refresh_token");
        Duration lifetime = null;
        if (n.hasNonNull("expires_in")) {
            lifetime = Duration.ofSeconds(n.get("expires_in").asLong());
        } else {
            OffsetDateTime issued = json.date(n, ".issued");
            OffsetDateTime expires = json.date(n, ".expires");
            if (issued != null && expires != null && expires.isAfter(issued)) {
                lifetime = Duration.between(issued, expires);
            }
        }
        return new TokenSet(Secret.of(access), refresh.isEmpty() ? null : Secret.of(refresh), sent, lifetime, false);
    }

    Map<String, String> headers(Secret token) {
        return Map.of("Authorization", "Bearer " + token.reveal(), "x-api-version", settings.apiVersion().toString());
    }

    private String describe(HttpResult r) {
        JsonNode n;
        try {
            n = json.read(r.body());
        } catch (VeeamException e) {
            return "";
        }
        String code = VeeamJson.text(n, "errorCode");
        String msg = VeeamJson.text(n, "message");
        return (code.isEmpty() ? "" : " " + code) + (msg.isEmpty() ? "" : ": " + msg);
    }

    /** Pause between attempts; tests and the client share one implementation. */
    interface Backoff {
        void pause(int failures);
    }
}
