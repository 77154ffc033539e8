package org.respaldo.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.respaldo.audit.AuditEvent;
import org.respaldo.audit.AuditTrail;
import org.respaldo.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's door: the first handler of the HTTP server's router (Vert.x), ahead of every Camel route,
 * including routes added later. It serves {@code /login} and {@code /logout}, finds the user of every other
 * request (the session cookie, or HTTP Basic for scripts), refuses what their role may not do (401 without a login,
 * 403 with a role that may not, 403 for a write of a session without its CSRF token), and hands the user to the
 * routes as the headers {@code Respaldo-User}, {@code Respaldo-Role} and {@code Respaldo-Address} (a client's own
 * headers of these names are dropped first). Paths that {@link AccessRules} opens pass untouched.
 *
 * <p>Without any authentication source (only outside prod) the gate is open: every request is the user
 * {@code anonimo} with the role director, and start-up says so in one WARN.
 */
public final class AuthGate implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

    public static final String COOKIE = "respaldo_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String USER_HEADER = "Respaldo-User";
    public static final String ROLE_HEADER = "Respaldo-Role";
    public static final String ADDRESS_HEADER = "Respaldo-Address";
    /** The session's CSRF token handed to the console's form routes, which compare it with the form's {@code _csrf}. */
    public static final String SESSION_CSRF_HEADER = "Respaldo-Csrf";
    static final User ANONYMOUS = new User("anonimo", Role.DIRECTOR, "open");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");
    private static final Duration BASIC_CACHE = Duration.ofMinutes(5);

    private final List<Authenticator> sources;
    private final LoginGuard guard;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;
    private final boolean secureCookie;
    private final Map<String, Cached> basic = new ConcurrentHashMap<>();

    private record Cached(User user, Instant until) {
    }

    /** What a login came to: the user, or the refusal in both languages. */
    record Outcome(User user, String es, String en) {
        static Outcome ok(User u) {
            return new Outcome(u, null, null);
        }
    }

    public AuthGate(List<Authenticator> sources, LoginGuard guard, Sessions sessions, AuditTrail audit, Clock clock,
            boolean secureCookie) {
        this.sources = List.copyOf(sources);
        this.guard = guard;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.secureCookie = secureCookie;
    }

    public boolean open() {
        return sources.isEmpty();
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        // the user is the gate's to say, never the client's
        req.headers().remove(USER_HEADER).remove(ROLE_HEADER).remove(ADDRESS_HEADER).remove(SESSION_CSRF_HEADER);
        String path = AccessRules.normal(rc.normalizedPath());
        String method = req.method().name();
        AccessRules.Need need = AccessRules.need(method, path);
        if (path.equals("/login")) {
            if (open()) {
                redirect(rc, "/");
            } else if (method.equals("GET") || method.equals("HEAD")) {
                html(rc, 200, LoginPage.login(english(rc), null, safeNext(req.getParam("next"))));
            } else if (method.equals("POST") && fromAnotherSite(req)) {
                // login CSRF: a form on another site would log the browser in as the attacker's user
                String address = address(rc);
                rc.vertx().executeBlocking(() -> {
                    audit.record("?", null, address, AuditEvent.LOGIN_FAILED, null, AuditEvent.DENIED, "login form sent from another site");
                    return null;
                }, false);
                html(rc, 403, LoginPage.login(english(rc), english(rc) ? "The login form was sent from another site."
                        : "El formulario de inicio de sesión llegó desde otro sitio.", "/"));
            } else if (method.equals("POST")) {
                formLogin(rc);
            } else {
                json(rc, 405, "method " + method + " is not allowed on /login");
            }
            return;
        }
        if (need.open()) {
            rc.next();
            return;
        }
        if (open()) {
            pass(rc, ANONYMOUS, path, method, null);
            return;
        }
        Cookie cookie = req.getCookie(COOKIE);
        // htmx names the element whose trigger sent the request: a page's timed refresh leaves the idle time running
        String refresh = req.getHeader("HX-Trigger");
        boolean timed = "GET".equals(method) && ("live-runs".equals(refresh) || "run-live".equals(refresh));
        String sid = cookie == null ? null : cookie.getValue();
        Optional<Sessions.Session> session = timed ? sessions.peek(sid) : sessions.touch(sid);
        if (session.isPresent()) {
            Sessions.Session s = session.get();
            // the API's writes carry the token as a header; the console's forms as the field _csrf, which their route
            // compares with the session's (handed over below) before it does anything
            if (!AccessRules.isRead(method) && isApi(path) && !s.csrf().equals(req.getHeader(CSRF_HEADER))) {
                refuse(rc, s.user(), path, method, 403, "CSRF token missing or wrong: a write of a console session sends the "
                        + "header " + CSRF_HEADER + " (from GET /api/session)", "csrf");
                return;
            }
            pass(rc, s.user(), path, method, s);
            return;
        }
        String authorization = req.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] credentials = basicCredentials(authorization.substring(6).trim());
            if (credentials == null) {
                unauthorized(rc, path, "the Authorization header is not HTTP Basic user:password");
                return;
            }
            if (!AccessRules.isRead(method) && "cross-site".equals(req.getHeader("Sec-Fetch-Site"))) {
                json(rc, 403, "a write from another site is refused");
                return;
            }
            req.pause();
            String address = address(rc);
            rc.vertx().<Outcome>executeBlocking(() -> basicLogin(credentials[0], credentials[1], address), false)
                    .onComplete(r -> {
                        Outcome o = r.succeeded() ? r.result() : new Outcome(null, "No se pudo iniciar la sesión", "login failed: "
                                + r.cause());
                        if (o.user() == null) {
                            resume(req);
                            unauthorized(rc, path, o.en());
                        } else {
                            pass(rc, o.user(), path, method, null);
                        }
                    });
            return;
        }
        if (isApi(path)) {
            unauthorized(rc, path, "log in: the console's session, or HTTP Basic (user and password)");
        } else if (method.equals("GET") && "true".equals(req.getHeader("HX-Request"))) {
            // a page's live part asking after the session ended: htmx takes the whole page to the login
            // (a redirect it would follow quietly, and find nothing of the page's part in the login form)
            resume(req);
            rc.response().setStatusCode(401).putHeader("HX-Redirect", "/login?next=" + java.net.URLEncoder.encode(path,
                    StandardCharsets.UTF_8) + (english(rc) ? "&lang=en" : "")).putHeader("Cache-Control", "no-store").end();
        } else if (method.equals("GET") || method.equals("HEAD")) {
            redirect(rc, "/login?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8)
                    + (english(rc) ? "&lang=en" : ""));
        } else {
            unauthorized(rc, path, "log in first (/login)");
        }
    }

    /** The user may go on: their role decides; the console's own few paths are answered here. */
    private void pass(RoutingContext rc, User user, String path, String method, Sessions.Session session) {
        AccessRules.Need need = AccessRules.need(method, path);
        if (!user.role().may(need.permission())) {
            refuse(rc, user, path, method, 403, "the role " + user.role().id() + " may not " + method + " " + path, "role");
            return;
        }
        if (path.equals("/logout") && session != null) {
            logout(rc, session);
            return;
        }
        if (path.equals("/api/session") && method.equals("GET")) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("user", user.name());
            body.put("role", user.role().id());
            body.put("source", user.source());
            body.put("csrf", session == null ? null : session.csrf());
            body.put("permissions", java.util.Arrays.stream(Permission.values()).filter(user.role()::may).map(Enum::name).toList());
            rc.response().putHeader("Cache-Control", "no-store");
            jsonBody(rc, 200, Json.write(body));
            return;
        }
        rc.request().headers().set(USER_HEADER, user.name()).set(ROLE_HEADER, user.role().id()).set(ADDRESS_HEADER, address(rc));
        // the routes' message headers go back as response headers: what the gate handed over stays inside
        rc.addHeadersEndHandler(v -> rc.response().headers().remove(USER_HEADER).remove(ROLE_HEADER).remove(ADDRESS_HEADER)
                .remove(SESSION_CSRF_HEADER));
        if (session != null) {
            rc.request().headers().set(SESSION_CSRF_HEADER, session.csrf());
        }
        resume(rc.request());
        rc.next();
    }

    private void refuse(RoutingContext rc, User user, String path, String method, int status, String message, String why) {
        resume(rc.request());
        if (!AccessRules.isRead(method)) {
            String address = address(rc);
            rc.vertx().executeBlocking(() -> {
                audit.record(user.name(), user.role().id(), address, AuditEvent.REFUSED, method + " " + path, AuditEvent.DENIED, why);
                return null;
            }, false);
        }
        if (isApi(path)) {
            json(rc, status, message);
        } else {
            html(rc, status, "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>403 — Respaldo</title></head><body>"
                    + "<h1>No permitido / not allowed</h1><p>" + LoginPage.html(message) + "</p><p><a href=\"/\">Consola</a></p>"
                    + "</body></html>");
        }
    }

    private void formLogin(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        req.setExpectMultipart(true);
        String address = address(rc);
        boolean en = english(rc);
        req.endHandler(v -> {
            String name = Optional.ofNullable(req.getFormAttribute("user")).orElse("").trim();
            String password = Optional.ofNullable(req.getFormAttribute("password")).orElse("");
            String next = safeNext(req.getFormAttribute("next"));
            rc.vertx().<Outcome>executeBlocking(() -> login(name, password, address), false).onComplete(r -> {
                Outcome o = r.succeeded() ? r.result() : new Outcome(null, "No se pudo iniciar la sesión.", "Login failed.");
                if (o.user() == null) {
                    html(rc, 401, LoginPage.login(en, en ? o.en() : o.es(), next));
                    return;
                }
                Sessions.Session s = sessions.open(o.user());
                rc.response().addCookie(cookie(s.id(), false));
                redirect(rc, next);
            });
        });
    }

    private void logout(RoutingContext rc, Sessions.Session session) {
        HttpServerRequest req = rc.request();
        String address = address(rc);
        String header = req.getHeader(CSRF_HEADER);
        req.setExpectMultipart(true);
        req.endHandler(v -> {
            String token = header != null ? header : req.getFormAttribute("_csrf");
            if (!session.csrf().equals(token)) {
                refuse(rc, session.user(), "/logout", "POST", 403, "CSRF token missing or wrong", "csrf");
                return;
            }
            sessions.close(session.id());
            rc.vertx().executeBlocking(() -> {
                audit.record(session.user().name(), session.user().role().id(), address, AuditEvent.LOGOUT, null, AuditEvent.OK, null);
                return null;
            }, false);
            rc.response().addCookie(cookie("", true));
            redirect(rc, "/login");
        });
        resume(req);
    }

    /** A login by name and password (blocking: bcrypt, the directory, the audit trail). */
    Outcome login(String name, String password, String address) {
        if (!NAME.matcher(name).matches()) {
            audit.record(name.isEmpty() ? "?" : name, null, address, AuditEvent.LOGIN_FAILED, null, AuditEvent.DENIED, "not a user name");
            return new Outcome(null, "Usuario o contraseña incorrectos.", "Wrong user or password.");
        }
        Optional<Instant> locked = guard.lockedUntil(name);
        if (locked.isPresent()) {
            audit.record(name, null, address, AuditEvent.LOGIN_FAILED, null, AuditEvent.DENIED, "locked until " + locked.get());
            return lockedOutcome(locked.get());
        }
        String unavailable = null;
        for (Authenticator source : sources) {
            try {
                Optional<User> user = source.authenticate(name, password);
                if (user.isPresent()) {
                    guard.succeeded(name);
                    audit.record(name, user.get().role().id(), address, AuditEvent.LOGIN, null, AuditEvent.OK, user.get().source());
                    return Outcome.ok(user.get());
                }
            } catch (Authenticator.SourceUnavailableException e) {
                LOG.warn("Login of {}: {}", name, e.getMessage());
                unavailable = e.getMessage();
            }
        }
        if (unavailable != null) {
            audit.record(name, null, address, AuditEvent.LOGIN_FAILED, null, AuditEvent.FAILED, unavailable);
            return new Outcome(null, "El directorio no respondió; inténtelo de nuevo.", "The directory did not answer; try again.");
        }
        LoginGuard.Failure f = guard.failed(name);
        audit.record(name, null, address, AuditEvent.LOGIN_FAILED, null, AuditEvent.DENIED, "failure " + f.failures());
        if (f.lockedUntil().isPresent()) {
            LOG.warn("User {} locked until {} after {} failed logins", name, f.lockedUntil().get(), f.failures());
            audit.record(name, null, address, AuditEvent.LOCKOUT, null, AuditEvent.OK, "locked until " + f.lockedUntil().get());
            return lockedOutcome(f.lockedUntil().get());
        }
        return new Outcome(null, "Usuario o contraseña incorrectos.", "Wrong user or password.");
    }

    private static Outcome lockedOutcome(Instant until) {
        return new Outcome(null, "Usuario bloqueado por intentos fallidos hasta " + until + " (UTC).",
                "User locked after failed logins until " + until + " (UTC).");
    }

    /** HTTP Basic: a login the first time, then remembered for a few minutes (a script's every call is not a bcrypt). */
    Outcome basicLogin(String name, String password, String address) {
        if (guard.lockedUntil(name).isPresent()) {
            return login(name, password, address);
        }
        String key = name + ":" + sha256(password);
        Cached c = basic.get(key);
        Instant now = clock.instant();
        if (c != null && c.until().isAfter(now)) {
            return Outcome.ok(c.user());
        }
        Outcome o = login(name, password, address);
        if (o.user() != null) {
            if (basic.size() > 1000) {
                basic.clear();
            }
            basic.put(key, new Cached(o.user(), now.plus(BASIC_CACHE)));
        }
        return o;
    }

    private Cookie cookie(String value, boolean expire) {
        Cookie c = Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(secureCookie);
        if (expire) {
            c.setMaxAge(0);
        }
        return c;
    }

    static String[] basicCredentials(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where to go after the login: a path of this server only (never another site). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.startsWith("/login")
                || next.chars().anyMatch(ch -> ch < 0x20)) {
            return "/";
        }
        return next;
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static boolean english(RoutingContext rc) {
        return "en".equalsIgnoreCase(rc.request().getParam("lang"));
    }

    static String address(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
    }

    private void unauthorized(RoutingContext rc, String path, String message) {
        resume(rc.request());
        rc.response().putHeader("WWW-Authenticate", "Basic realm=\"Respaldo\", charset=\"UTF-8\"");
        if (isApi(path)) {
            json(rc, 401, message);
        } else {
            html(rc, 401, LoginPage.login(english(rc), message, "/"));
        }
    }

    /** Lets a paused request's body flow again (nothing to do once it was read). */
    private static void resume(HttpServerRequest req) {
        if (!req.isEnded()) {
            try {
                req.resume();
            } catch (IllegalStateException e) {
                // read meanwhile
            }
        }
    }

    /**
     * Whether a browser says the request comes from a page of another site: {@code Sec-Fetch-Site: cross-site}, or an
     * {@code Origin} whose host and port are not this request's {@code Host}. Scripts send neither, and pass.
     */
    static boolean fromAnotherSite(HttpServerRequest req) {
        if ("cross-site".equals(req.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = req.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        if (origin.equals("null")) {
            return true; // a sandboxed frame or a file: page
        }
        try {
            java.net.URI o = java.net.URI.create(origin);
            // Host (HTTP/1.1) or :authority (HTTP/2)
            io.vertx.core.net.HostAndPort authority = req.authority();
            if (authority == null || o.getHost() == null) {
                return true;
            }
            int originPort = o.getPort() >= 0 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            int port = authority.port() >= 0 ? authority.port() : req.isSSL() ? 443 : 80;
            return !authority.host().equalsIgnoreCase(o.getHost()) || port != originPort;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static void redirect(RoutingContext rc, String to) {
        resume(rc.request());
        rc.response().setStatusCode(303).putHeader("Location", to).putHeader("Cache-Control", "no-store").end();
    }

    private static void html(RoutingContext rc, int status, String body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'").end(body);
    }

    private static void json(RoutingContext rc, int status, String message) {
        jsonBody(rc, status, Json.error(status, message));
    }

    private static void jsonBody(RoutingContext rc, int status, String body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
