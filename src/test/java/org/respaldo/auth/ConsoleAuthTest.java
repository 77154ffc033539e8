package org.respaldo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.Browserless.basic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.testing.Browserless;
import org.respaldo.testing.Browserless.Reply;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * The console's logins on the real application (H2, the HTTP server, the YAML routes) with a users file of the four
 * roles: what a user, a script and an auditor would see at the door.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAuthTest {

    static final Path DATA = Path.of("target/it/console-auth");
    static final String PASSWORD = "clave-de-prueba";
    static final ObjectMapper JSON = new ObjectMapper();
    RespaldoApp app;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Files.createDirectories(DATA);
        String hash = Passwords.hash(PASSWORD);
        StringBuilder users = new StringBuilder("# the four roles, and one to lock out\n");
        for (String u : List.of("director", "operador", "tecnico", "auditor", "bloqueado")) {
            users.append(u).append(':').append(u.equals("bloqueado") ? "operador" : u).append(':').append(hash).append('\n');
        }
        Files.writeString(DATA.resolve("users"), users);
        app = RespaldoApp.start(DATA, Ports.free(), Map.of("respaldo.auth.users-file", DATA.resolve("users").toString()));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    Reply get(String path, String user) {
        return Browserless.get(app.url(path), user == null ? Map.of() : Map.of("Authorization", basic(user, PASSWORD)));
    }

    Reply post(String path, String user) {
        return Browserless.send("POST", app.url(path), "{}", user == null ? Map.of("Content-Type", "application/json")
                : Map.of("Authorization", basic(user, PASSWORD), "Content-Type", "application/json"));
    }

    @Test
    void everyApiPathRefusesARequestWithoutCredentialsAndHealthStaysOpen() {
        // every path the HTTP server serves (the routes' own list: one added later is in it too)
        PlatformHttpComponent http = app.context().getComponent("platform-http", PlatformHttpComponent.class);
        TreeSet<String> checked = new TreeSet<>();
        for (HttpEndpointModel e : http.getHttpEndpoints()) {
            String path = e.getUri().replaceAll("\\{[^}]+}", "x");
            if (!path.startsWith("/api")) {
                continue;
            }
            String verbs = e.getVerbs() == null || e.getVerbs().isBlank() ? "GET" : e.getVerbs();
            for (String verb : verbs.split(",")) {
                Reply r = Browserless.send(verb.trim(), app.url(path), verb.trim().equals("GET") ? null : "{}", Map.of());
                assertThat(r.status()).as(verb + " " + path).isEqualTo(401);
                assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
                assertThat(r.body()).contains("\"status\":401");
                checked.add(verb.trim() + " " + path);
            }
        }
        assertThat(checked).contains("GET /api/schedules", "GET /api/runs", "GET /api/audit", "GET /api/audit/csv",
                "GET /api/mails");
        assertThat(get("/api/no-such-thing", null).status()).isEqualTo(401);
        assertThat(post("/api/schedules/x/enable", null).status()).isEqualTo(401);
        assertThat(get("/observe/health", null).status()).isIn(200, 503);
        assertThat(get("/api/schedules", "director").status()).isEqualTo(200);
        // the wrong password is no login
        assertThat(Browserless.get(app.url("/api/schedules"), Map.of("Authorization", basic("director", "otra"))).status())
                .isEqualTo(401);
    }

    @Test
    void eachRoleReadsWhatItMayAndIsRefusedTheRestWith403() {
        for (String role : List.of("director", "operador", "tecnico", "auditor")) {
            assertThat(get("/api/schedules", role).status()).as(role).isEqualTo(200);
            assertThat(get("/api/runs", role).status()).as(role).isEqualTo(200);
        }
        assertThat(get("/api/audit", "director").status()).isEqualTo(200);
        assertThat(get("/api/audit", "auditor").status()).isEqualTo(200);
        assertThat(get("/api/audit/csv", "auditor").status()).isEqualTo(200);
        assertThat(get("/api/audit", "operador").status()).isEqualTo(403);
        assertThat(get("/api/audit/csv", "tecnico").status()).isEqualTo(403);
        // writes: the role decides before anything else (the action itself answers past the door)
        assertThat(post("/api/schedules/x/enable", "operador").status()).isEqualTo(403);
        assertThat(post("/api/runs/r/signoff", "tecnico").status()).isEqualTo(403);
        assertThat(post("/api/schedules/x/run", "tecnico").status()).isEqualTo(403);
        assertThat(post("/api/runs/r/rerun", "auditor").status()).isEqualTo(403);
        assertThat(post("/api/schedules/x/run", "auditor").status()).isEqualTo(403);
        assertThat(post("/api/schedules/x/enable", "director").status()).isNotIn(401, 403);
        Reply refused = post("/api/schedules/x/disable", "operador");
        assertThat(refused.body()).contains("the role operador may not POST /api/schedules/x/disable");
    }

    @Test
    void aConsoleSessionIsAnHttpOnlyStrictCookieAndItsWritesNeedTheCsrfToken() throws Exception {
        Reply page = Browserless.get(app.url("/"), Map.of());
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).startsWith("/login");
        assertThat(Browserless.get(app.url("/login"), Map.of()).body()).contains("Iniciar sesión", "name=\"password\"");

        Reply wrong = Browserless.login(app.url(""), "operador", "no-es");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Usuario o contraseña incorrectos.");
        assertThat(wrong.header("Set-Cookie")).isNull();

        Reply login = Browserless.login(app.url(""), "operador", PASSWORD);
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/");
        assertThat(login.header("Set-Cookie")).contains("respaldo_session=", "SameSite=Strict", "Path=/")
                .containsIgnoringCase("; HttpOnly");
        String cookie = Browserless.cookie(login);

        Reply home = Browserless.get(app.url("/"), Map.of("Cookie", cookie));
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("<h1>Panel</h1>", "<span id=\"role\">operador</span>").doesNotContain("Auditoría");
        JsonNode session = JSON.readTree(Browserless.get(app.url("/api/session"), Map.of("Cookie", cookie)).body());
        assertThat(session.get("user").asText()).isEqualTo("operador");
        assertThat(session.get("role").asText()).isEqualTo("operador");
        String csrf = session.get("csrf").asText();
        Reply runs = Browserless.get(app.url("/api/runs"), Map.of("Cookie", cookie));
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.header(AuthGate.SESSION_CSRF_HEADER)).as("what the gate hands the routes stays inside").isNull();
        assertThat(runs.header(AuthGate.USER_HEADER)).isNull();

        Reply noToken = Browserless.send("POST", app.url("/api/schedules/x/run"), "{}", Map.of("Cookie", cookie,
                "Content-Type", "application/json"));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        Reply badToken = Browserless.send("POST", app.url("/api/schedules/x/run"), "{}", Map.of("Cookie", cookie,
                "Content-Type", "application/json", AuthGate.CSRF_HEADER, csrf + "x"));
        assertThat(badToken.status()).isEqualTo(403);
        Reply withToken = Browserless.send("POST", app.url("/api/schedules/x/run"), "{}", Map.of("Cookie", cookie,
                "Content-Type", "application/json", AuthGate.CSRF_HEADER, csrf));
        assertThat(withToken.status()).as("past the door").isNotIn(401, 403);

        // logout: without the token refused, with it the session is gone
        assertThat(Browserless.send("POST", app.url("/logout"), "", Map.of("Cookie", cookie, "Content-Type",
                "application/x-www-form-urlencoded")).status()).isEqualTo(403);
        Reply out = Browserless.send("POST", app.url("/logout"), Browserless.form(Map.of("_csrf", csrf)), Map.of("Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(Browserless.get(app.url("/api/runs"), Map.of("Cookie", cookie)).status()).isEqualTo(401);
        // a page's live part asking after the session ended: htmx is told to take the whole page to the login
        Reply live = Browserless.get(app.url("/ejecuciones/x"), Map.of("Cookie", cookie, "HX-Request", "true", "HX-Trigger", "run-live"));
        assertThat(live.status()).isEqualTo(401);
        assertThat(live.header("HX-Redirect")).isEqualTo("/login?next=%2Fejecuciones%2Fx");
    }

    @Test
    void aLoginFormSentFromAnotherSiteIsRefused() {
        String body = Browserless.form(Map.of("user", "operador", "password", PASSWORD, "next", "/"));
        java.net.URI base = java.net.URI.create(app.url(""));
        String self = base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
        for (Map<String, String> foreign : List.of(Map.of("Origin", "https://malicioso.example"),
                Map.of("Origin", base.getScheme() + "://" + base.getHost() + ":" + (base.getPort() + 1)),
                Map.of("Origin", "null"), Map.of("Sec-Fetch-Site", "cross-site"))) {
            Map<String, String> headers = new java.util.HashMap<>(foreign);
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            Reply r = Browserless.send("POST", app.url("/login"), body, headers);
            assertThat(r.status()).as(foreign.toString()).isEqualTo(403);
            assertThat(r.header("Set-Cookie")).as("no session for " + foreign).isNull();
            assertThat(r.body()).contains("llegó desde otro sitio");
        }
        Reply same = Browserless.send("POST", app.url("/login"), body, Map.of("Origin", self, "Sec-Fetch-Site", "same-origin",
                "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(same.status()).as("the console's own form: " + same.body()).isEqualTo(303);
        assertThat(same.header("Set-Cookie")).contains("respaldo_session=");
    }

    @Test
    void fiveFailedLoginsLockTheUserAndTheAuditTrailSaysSo() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(Browserless.login(app.url(""), "bloqueado", "mal-" + i).status()).isEqualTo(401);
        }
        Reply locked = Browserless.login(app.url(""), "bloqueado", PASSWORD);
        assertThat(locked.status()).as("the right password, but locked").isEqualTo(401);
        assertThat(locked.body()).contains("Usuario bloqueado");
        assertThat(get("/api/schedules", "bloqueado").status()).as("Basic too").isEqualTo(401);

        JsonNode audit = JSON.readTree(get("/api/audit?user=bloqueado&limit=50", "auditor").body());
        List<String> actions = new java.util.ArrayList<>();
        audit.forEach(e -> actions.add(e.get("action").asText() + "/" + e.get("outcome").asText()));
        assertThat(actions).contains("lockout/ok").filteredOn("login-failed/denied"::equals).hasSizeGreaterThanOrEqualTo(6);
        assertThat(actions).doesNotContain("login/ok");
        JsonNode first = audit.get(audit.size() - 1);
        assertThat(first.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("at").asText()).isNotBlank();

        String csv = get("/api/audit/csv?user=bloqueado", "director").body();
        assertThat(csv).startsWith("at,actor,role,address,action,object,outcome,detail\r\n").contains(",bloqueado,", ",lockout,,ok,");
        assertThat(csv).doesNotContain(PASSWORD);
    }

    @Test
    void theUserIsTheGatesToSayNotTheClients() {
        // a forged identity header is dropped: the role still decides
        Reply r = Browserless.send("POST", app.url("/api/schedules/x/enable"), "{}", Map.of("Authorization", basic("tecnico",
                PASSWORD), AuthGate.USER_HEADER, "director", AuthGate.ROLE_HEADER, "director", "Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(Browserless.send("POST", app.url("/api/schedules/x/enable"), "{}", Map.of(AuthGate.ROLE_HEADER, "director"))
                .status()).isEqualTo(401);
    }
}
