package org.respaldo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.Browserless.basic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.JavascriptExecutor;
import org.respaldo.auth.Passwords;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Browserless;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, on the real
 * application with the Veeam simulator and GreenMail and a run of a schedule whose title holds markup: each role logs
 * in and sees the pages with that data; an operator neither sees nor can post a Director's action; a write without
 * the CSRF token is refused; the markup is shown as text; the Director's sign-off lands in the audit trail.
 * Screenshots of every page under target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    static final Path DATA = Path.of("target/it/console-browser");
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final String PASSWORD = "clave-de-prueba";
    static final String TITLE = "Respaldo <script>alert('x')</script> & <b>negrita</b>";
    static final ZoneId GT = ZoneId.of("America/Guatemala");

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;
    WebDriver browser;
    String runId;

    @BeforeAll
    void start() throws Exception {
        Path driver = Path.of(System.getProperty("respaldo.test.chromedriver", "/usr/bin/chromedriver"));
        Path chromium = Path.of(System.getProperty("respaldo.test.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
            throw new AssertionError("ConsoleBrowserTest needs Chromium and ChromeDriver (" + chromium + ", " + driver + "): "
                    + "apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        ScheduleFiles.deleteTree(DATA);
        Files.createDirectories(DATA);
        Files.createDirectories(SHOTS);
        String hash = Passwords.hash(PASSWORD);
        StringBuilder users = new StringBuilder();
        for (String u : List.of("director", "operador", "tecnico", "auditor")) {
            users.append(u).append(':').append(u).append(':').append(hash).append('\n');
        }
        Files.writeString(DATA.resolve("users"), users);
        int smtp = Ports.free();
        mail = Mailboxes.start(smtp, Ports.free());
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0).withTimeScale(20));
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("respaldo.auth.users-file", DATA.resolve("users").toString());
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.veeam.principal.poll-interval-ms", "200");
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(smtp));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        app = RespaldoApp.start(DATA.resolve("app"), Ports.free(), props);

        // a schedule whose title holds markup, and one concluded run of it (through the API, as a script would)
        ZonedDateTime now = ZonedDateTime.now(GT);
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "marcado.yaml", """
                version: 1
                id: marcado
                title: "%s"
                owner: director@mineco.local
                cron: "0 0 %d ? * MON-FRI"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {jobs: [BD-SQLServer-Produccion, BD-Oracle-SIAF]}
                storage: {repository: Repositorio-CD-Local, path: "D:\\\\Backups"}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local]}
                """.formatted(TITLE, now.getHour(), now.getHour(), (now.getHour() + 2) % 24));
        Eventually.await(Duration.ofSeconds(10), "schedule registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get("marcado").isPresent());
        var r = Browserless.send("POST", app.url("/api/schedules/marcado/run"), "{\"reason\": \"prueba de la consola\"}",
                Map.of("Authorization", basic("operador", PASSWORD), "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        runId = new ObjectMapper().readTree(r.body()).get("id").asText();
        Eventually.await(Duration.ofSeconds(60), "run concluded", () -> Browserless.get(app.url("/api/runs/" + runId),
                Map.of("Authorization", basic("tecnico", PASSWORD))).body().contains("\"status\":\"CONCLUDED\""));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                "--user-data-dir=" + Files.createTempDirectory("respaldo-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(),
                options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    void login(String user) {
        browser.manage().deleteAllCookies();
        browser.get(app.url("/login"));
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login")).click();
        assertThat(await(By.id("role")).getText()).isEqualTo(user);
    }

    /** The element once the page that has it is there (a click's navigation may still be under way). */
    org.openqa.selenium.WebElement await(By by) {
        try {
            return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(
                    org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    String text() {
        return browser.findElement(By.tagName("main")).getText();
    }

    /** A synchronous script (its return value is the script's). */
    Object js(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    Object script(String js) {
        return ((JavascriptExecutor) browser).executeAsyncScript(js);
    }

    @Test
    void eachRoleLogsInAndSeesThePagesWithTheRunsData() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(app.url("/ejecuciones"));
        assertThat(browser.getCurrentUrl()).contains("/login");
        shot("login");
        for (String role : List.of("director", "operador", "tecnico", "auditor")) {
            login(role);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Panel");
            assertThat(text()).contains("Resultados", "Esperando la conformidad del Director");
            shot("panel-" + role);
            assertThat(browser.findElements(By.linkText("Auditoría"))).as(role)
                    .hasSize(role.equals("director") || role.equals("auditor") ? 1 : 0);
            browser.findElement(By.id("logout")).click();
            await(By.id("password"));
            assertThat(browser.getCurrentUrl()).contains("/login");
        }
        login("director");
        browser.get(app.url("/programaciones"));
        assertThat(text()).contains(TITLE, "de lunes a viernes a las", "hora de Guatemala");
        shot("programaciones");
        browser.get(app.url("/programaciones/marcado"));
        assertThat(browser.findElement(By.id("fields")).getText()).contains("cron", "0 0", "Repositorio-CD-Local");
        assertThat(browser.findElement(By.id("history")).getText()).contains("marcado.yaml", "director@mineco.local");
        assertThat(browser.findElement(By.id("schedule-runs")).getText()).contains("manual");
        shot("programacion");
        var original = Browserless.get(app.url("/programaciones/marcado/versiones/1"), Map.of("Authorization",
                basic("auditor", PASSWORD)));
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.header("Content-Type")).startsWith("text/plain");
        assertThat(original.header("Content-Disposition")).isEqualTo("attachment; filename=\"marcado.yaml\"");
        assertThat(original.body()).contains("id: marcado", TITLE);
        browser.get(app.url("/ejecuciones"));
        assertThat(browser.findElement(By.id("runs")).getText()).contains(TITLE, "manual");
        shot("ejecuciones");
        browser.get(app.url("/ejecuciones/" + runId));
        assertThat(browser.findElement(By.id("result")).getText()).isEqualTo("éxito");
        assertThat(browser.findElement(By.id("jobs")).getText()).contains("BD-SQLServer-Produccion", "BD-Oracle-SIAF");
        assertThat(text()).contains("pedida por operador: prueba de la consola", "Etapas", "Correos");
        shot("ejecucion");
        browser.get(app.url("/auditoria"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("run-now", "operador");
        shot("auditoria");
        browser.get(app.url("/?lang=en"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(text()).contains("Waiting for the Director's sign-off");
        shot("panel-en");
    }

    @Test
    void aTitleWithMarkupIsShownAsText() {
        login("tecnico");
        browser.get(app.url("/programaciones"));
        assertThat(browser.findElement(By.id("marcado")).getText()).contains(TITLE);
        assertThat(browser.findElements(By.tagName("b"))).as("no element made from the title").isEmpty();
        assertThat(browser.getPageSource()).contains("&lt;script&gt;alert");
    }

    @Test
    void anOperatorNeitherSeesNorCanPostADirectorsAction() throws Exception {
        login("operador");
        browser.get(app.url("/programaciones"));
        assertThat(browser.findElements(By.cssSelector(".director-action"))).isEmpty();
        assertThat(text()).contains("Ejecutar ahora").doesNotContain("Deshabilitar");
        browser.get(app.url("/ejecuciones/" + runId));
        assertThat(browser.findElements(By.id("signoff-form"))).isEmpty();
        shot("ejecucion-operador");
        // posted anyway, with the session's own token: refused by role
        String csrf = browser.findElement(By.name("_csrf")).getAttribute("value");
        Object status = script("const done = arguments[arguments.length - 1];"
                + "fetch('/programaciones/marcado/deshabilitar', {method: 'POST', headers: {'Content-Type': "
                + "'application/x-www-form-urlencoded'}, body: '_csrf=" + csrf + "&confirm=yes'}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        Object api = script("const done = arguments[arguments.length - 1];"
                + "fetch('/api/runs/" + runId + "/signoff', {method: 'POST', headers: {'Content-Type': 'application/json', "
                + "'X-CSRF-Token': '" + csrf + "'}, body: '{\"verdict\":\"conforme\"}'}).then(r => done(r.status));");
        assertThat(((Number) api).intValue()).isEqualTo(403);
        browser.get(app.url("/auditoria"));
        assertThat(browser.getPageSource()).contains("may not");
    }

    @Test
    void aBadFileInTheBandejaShowsItsProblemsAndIsNotRegistered() throws Exception {
        login("operador");
        browser.get(app.url("/bandeja"));
        browser.findElement(By.name("name")).sendKeys("mala.yaml");
        browser.findElement(By.id("content")).sendKeys("version: 1\nid: mala\ntitle: <i>mala</i>\nowner: director@mineco.local\n"
                + "cron: \"0 0 23 ? * MON-FRI\"\nwindow: {start: \"22:00\", end: \"22:00\"}\n");
        browser.findElement(By.id("validate")).click();
        assertThat(await(By.id("problems")).getText()).contains("window.end", "veeam", "storage");
        assertThat(browser.findElement(By.id("result")).getText()).contains("mala.yaml", "con problemas")
                .doesNotContain("dejado en la bandeja");
        assertThat(browser.findElement(By.id("content")).getAttribute("value")).contains("<i>mala</i>");
        shot("bandeja-validar");
        assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).get("mala")).isEmpty();
        login("auditor");
        browser.get(app.url("/bandeja"));
        assertThat(browser.findElements(By.id("inbox-form"))).as("the auditor changes nothing").isEmpty();
    }

    @Test
    void runNowFromThePageShowsTheRunMoveToItsConclusion() throws Exception {
        login("operador");
        browser.get(app.url("/programaciones"));
        var row = browser.findElement(By.id("marcado"));
        row.findElement(By.name("reason")).sendKeys("desde la página");
        row.findElement(By.name("confirm")).click();
        row.findElement(By.xpath(".//button[text()='Ejecutar ahora']")).click();
        assertThat(await(By.id("flash")).getText()).isEqualTo("Ejecución en cola.");
        assertThat(browser.getCurrentUrl()).contains("/ejecuciones/");
        assertThat(text()).contains("pedida por operador: desde la página");
        // the page follows the run by itself (htmx, every 3 s): no reload, the mark set on this page stays
        js("window.respaldoSamePage = true;");
        assertThat(browser.findElement(By.id("run-live")).getAttribute("hx-trigger")).as("a run in progress polls").isEqualTo("every 3s");
        Eventually.await(Duration.ofSeconds(60), "the run concluded on its page", () ->
                browser.findElement(By.id("status")).getText().equals("concluida"));
        assertThat(js("return window.respaldoSamePage === true;")).as("the page was not reloaded").isEqualTo(true);
        assertThat(browser.findElement(By.id("result")).getText()).isEqualTo("éxito");
        assertThat(browser.findElement(By.id("run-live")).getAttribute("hx-trigger")).as("a concluded run stops polling").isNull();
        // the timeline: one bar per job, over the window, each with its times in words
        var bars = browser.findElements(By.cssSelector("#timeline tr.bar-row"));
        assertThat(bars).extracting(b -> b.findElement(By.tagName("th")).getText())
                .containsExactly("BD-SQLServer-Produccion", "BD-Oracle-SIAF");
        assertThat(bars).allSatisfy(b -> {
            assertThat(b.findElement(By.tagName("svg")).getAttribute("aria-label")).contains("programado ", ", inicio ", ", fin ", "(éxito)");
            assertThat(b.findElements(By.cssSelector("rect.bar.exito"))).hasSize(1);
            assertThat(b.findElements(By.cssSelector("rect.window"))).hasSize(1);
        });
        // and readable without JavaScript: a reload shows the same
        browser.navigate().refresh();
        assertThat(await(By.id("status")).getText()).isEqualTo("concluida");
        // the procedure's words, not the stored values: the stages by their step in the manual, mails by delivery
        assertThat(text()).contains("disponibilidad de tiempo (paso 2)", "instrucciones al técnico (paso 3)",
                "ruta de almacenamiento (paso 5)", "conclusión (paso 7)", "enviado");
        shot("ejecucion-ahora");
    }

    @Test
    void thePanelShowsRunsInProgressWithTheirExpectedEndAndFollowsThemWithoutAReload() throws Exception {
        // a schedule that never fires, with five successful runs of 10 to 50 minutes (median 30) and two runs in
        // progress written the way the run store keeps them: one started 5 minutes ago, one 2 hours ago
        ZonedDateTime now = ZonedDateTime.now(GT).withNano(0);
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "estimada.yaml", """
                version: 1
                id: estimada
                title: "Duración estimada"
                owner: director@mineco.local
                enabled: false
                cron: "0 0 3 ? * SUN"
                timezone: America/Guatemala
                window: {start: "03:00", end: "06:00"}
                veeam: {jobs: [BD-SQLServer-Produccion]}
                storage: {repository: Repositorio-CD-Local, path: "D:\\\\Backups"}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local]}
                """);
        Eventually.await(Duration.ofSeconds(10), "schedule registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get("estimada").isPresent());
        javax.sql.DataSource db = app.bean("dataSource", javax.sql.DataSource.class);
        String node = app.bean("nodeName", String.class);
        java.time.Instant t = now.toInstant();
        try (java.sql.Connection c = db.getConnection()) {
            for (int i = 1; i <= 5; i++) {
                java.time.Instant start = t.minus(Duration.ofDays(i));
                insertRun(c, "estimada-ok-" + i, start, start.plus(Duration.ofMinutes(10L * i)), "CONCLUDED", "SUCCESS", node);
            }
            insertRun(c, "estimada-curso", t.minus(Duration.ofMinutes(5)), null, "RUNNING", null, node);
            insertRun(c, "estimada-tarde", t.minus(Duration.ofHours(2)), null, "RUNNING", null, node);
            for (String run : List.of("estimada-curso", "estimada-tarde")) {
                insertJob(c, run, 0, "BD-SQLServer-Produccion", "SUCCESS", "DONE");
                insertJob(c, run, 1, "BD-Oracle-SIAF", null, "PENDING");
            }
        }
        login("tecnico");
        browser.get(app.url("/"));
        var curso = await(By.cssSelector("#in-progress li[data-run='estimada-curso']"));
        assertThat(curso.getText()).contains("Duración estimada", "1/2 trabajos terminados",
                "fin estimado " + MINUTE.format(now.minusMinutes(5).plusMinutes(30)))
                .doesNotContain("ya pasó el fin estimado");
        assertThat(browser.findElement(By.cssSelector("#in-progress li[data-run='estimada-tarde']")).getText())
                .contains("fin estimado " + MINUTE.format(now.minusHours(2).plusMinutes(30)), "ya pasó el fin estimado");
        shot("panel-en-curso");
        // the run ends: the Panel drops it by itself within a refresh (every 5 s), without a reload
        js("window.respaldoSamePage = true;");
        try (java.sql.Connection c = db.getConnection(); var ps = c.prepareStatement(
                "UPDATE run SET status = 'CONCLUDED', result = 'SUCCESS', ended_at = ? WHERE id IN ('estimada-curso', 'estimada-tarde')")) {
            ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
        Eventually.await(Duration.ofSeconds(20), "the Panel no longer lists the runs",
                () -> browser.findElements(By.cssSelector("#in-progress li[data-run^='estimada-']")).isEmpty());
        assertThat(js("return window.respaldoSamePage === true;")).as("the page was not reloaded").isEqualTo(true);
    }

    static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static void insertRun(java.sql.Connection c, String id, java.time.Instant started, java.time.Instant ended, String status,
            String result, String node) throws java.sql.SQLException {
        try (var r = c.prepareStatement("INSERT INTO run (id, schedule_id, schedule_version, trigger_kind, scheduled_fire_time, queued_at,"
                + " started_at, ended_at, deadline, status, result, reasons, node, director_reached, schedule_title, veeam_server,"
                + " repository, storage_path) VALUES (?, 'estimada', 1, 'schedule', ?, ?, ?, ?, ?, ?, ?, '[]', ?, TRUE, 'Duración estimada',"
                + " 'principal', 'Repositorio-CD-Local', 'D:\\Backups')")) {
            r.setString(1, id);
            r.setObject(2, started.atOffset(java.time.ZoneOffset.UTC));
            r.setObject(3, started.atOffset(java.time.ZoneOffset.UTC));
            r.setObject(4, started.atOffset(java.time.ZoneOffset.UTC));
            r.setObject(5, ended == null ? null : ended.atOffset(java.time.ZoneOffset.UTC));
            r.setObject(6, started.plus(Duration.ofHours(3)).atOffset(java.time.ZoneOffset.UTC));
            r.setString(7, status);
            r.setString(8, result);
            r.setString(9, node);
            r.executeUpdate();
        }
    }

    private static void insertJob(java.sql.Connection c, String run, int seq, String name, String result, String state)
            throws java.sql.SQLException {
        try (var j = c.prepareStatement("INSERT INTO run_job (run_id, seq, name, session_id, result, started_at, ended_at, attempts,"
                + " message, log_records, job_id, server, state) VALUES (?, ?, ?, ?, ?, NULL, NULL, 0, '', '[]', ?, 'otro', ?)")) {
            j.setString(1, run);
            j.setInt(2, seq);
            j.setString(3, name);
            j.setString(4, result == null ? null : "s-" + run + "-" + seq);
            j.setString(5, result);
            j.setString(6, "job-" + seq);
            j.setString(7, state);
            j.executeUpdate();
        }
    }

    @Test
    void aWriteWithoutTheCsrfTokenIsRefused() {
        login("operador");
        browser.get(app.url("/programaciones"));
        Object form = script("const done = arguments[arguments.length - 1];"
                + "fetch('/programaciones/marcado/ejecutar', {method: 'POST', headers: {'Content-Type': "
                + "'application/x-www-form-urlencoded'}, body: 'reason=sin+token&confirm=yes'}).then(r => done(r.status));");
        assertThat(((Number) form).intValue()).isEqualTo(403);
        Object api = script("const done = arguments[arguments.length - 1];"
                + "fetch('/api/schedules/marcado/run', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
                + "body: '{\"reason\":\"sin token\"}'}).then(r => done(r.status));");
        assertThat(((Number) api).intValue()).isEqualTo(403);
    }

    @Test
    void theDirectorsSignOffFromTheRunPageIsInTheAuditTrail() throws Exception {
        login("director");
        browser.get(app.url("/ejecuciones/" + runId));
        browser.findElement(By.cssSelector("input[name=verdict][value=conforme]")).click();
        browser.findElement(By.name("text")).sendKeys("Revisado en la reunión de los lunes");
        browser.findElement(By.cssSelector("#signoff-form input[name=confirm]")).click();
        browser.findElement(By.id("signoff-submit")).click();
        assertThat(await(By.id("flash")).getText()).isEqualTo("Conformidad registrada.");
        assertThat(browser.findElement(By.id("signoff")).getText()).startsWith("conforme — director")
                .endsWith("Revisado en la reunión de los lunes");
        assertThat(browser.findElements(By.id("signoff-form"))).isEmpty();
        shot("ejecucion-conformidad");
        browser.get(app.url("/auditoria"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("signoff", runId);
        shot("auditoria-conformidad");
    }

    // ---- ¿Por qué no se ejecutó? and the Calendario

    /** Drops a version of the schedule "porque" (blackouts today and tomorrow) and waits for it; returns its number. */
    synchronized int dropPorque(String cron) throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(GT);
        ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
        int version = registry.get("porque").map(a -> a.version()).orElse(0) + 1;
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "porque-v" + version + ".yaml", """
                version: 1
                id: porque
                title: "Por qué <i>no</i>"
                owner: director@mineco.local
                cron: "%s"
                timezone: America/Guatemala
                window: {start: "00:00", end: "23:59"}
                blackouts: ["%s", "%s"]
                veeam: {jobs: [BD-SQLServer-Produccion]}
                storage: {repository: Repositorio-CD-Local, path: "D:\\\\Backups"}
                notify: {director: director@mineco.local}
                """.formatted(cron, today, today.plusDays(1)));
        Eventually.await(Duration.ofSeconds(10), "porque v" + version, () -> registry.get("porque").map(a -> a.version() == version)
                .orElse(false));
        return version;
    }

    @Test
    void whyDidItNotRunShowsEachExpectedFireWithItsFateAndTheVersionChange() throws Exception {
        int v = dropPorque("0 5/30 * * * ?");
        dropPorque("0 15/30 * * * ?");
        login("tecnico");
        browser.get(app.url("/por-que"));
        browser.findElement(By.id("schedule")).sendKeys("porque");
        browser.findElement(By.id("explain")).click();
        assertThat(await(By.id("fires")).getText()).contains("bloqueo (blackout)", "blackouts[1]: "
                + java.time.LocalDate.now(GT).plusDays(1));
        assertThat(browser.findElement(By.id("changes")).getText()).contains(v + " → " + (v + 1), "cron: 0 5/30 * * * ? → 0 15/30 * * * ?");
        assertThat(text()).contains("Por qué <i>no</i>");
        assertThat(browser.findElements(By.tagName("i"))).as("the title's markup is text").isEmpty();
        shot("por-que");
        browser.get(app.url("/por-que?schedule=marcado&lang=en"));
        assertThat(browser.findElement(By.id("others")).getText()).contains("manual");
        browser.findElement(By.cssSelector("#others a")).click();
        assertThat(await(By.id("result")).getText()).isNotEmpty();
        var json = Browserless.get(app.url("/api/schedules/porque/fires"), Map.of("Authorization", basic("auditor", PASSWORD)));
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        var tree = new ObjectMapper().readTree(json.body());
        assertThat(tree.get("timezone").asText()).isEqualTo("America/Guatemala");
        assertThat(tree.get("versionChanges").findValuesAsText("to")).contains(String.valueOf(v + 1));
        assertThat(json.body()).contains("\"fate\":\"blackout\"");
        assertThat(Browserless.get(app.url("/api/schedules/porque/fires?from=2026-13-01"), Map.of("Authorization",
                basic("auditor", PASSWORD))).status()).isEqualTo(400);
    }

    @Test
    void theCalendarShowsRunsByResultBlackoutsAndPlannedFiresAndADaysRuns() throws Exception {
        if (app.bean("scheduleRegistry", ScheduleRegistry.class).get("porque").isEmpty()) {
            dropPorque("0 0/30 * * * ?");
        }
        String today = java.time.LocalDate.now(GT).toString();
        login("auditor");
        browser.get(app.url("/calendario?schedule=porque"));
        var cell = await(By.id("day-" + today));
        assertThat(cell.getAttribute("class")).contains("blackout");
        assertThat(cell.getText()).contains("bloqueo: " + today);
        shot("calendario-programacion");
        browser.get(app.url("/calendario"));
        assertThat(await(By.id("month")).getText()).startsWith("Todas las programaciones");
        assertThat(browser.findElement(By.id("day-" + today)).getText()).contains("éxito");
        shot("calendario");
        browser.findElement(By.cssSelector("#day-" + today + " a.day")).click();
        assertThat(await(By.id("day-runs")).getText()).contains(TITLE, "manual", "éxito");
        shot("calendario-dia");
        browser.get(app.url("/calendario?lang=en"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Calendar");
    }
}
