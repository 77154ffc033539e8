package org.respaldo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.Browserless.basic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.respaldo.auth.Passwords;
import org.respaldo.schedule.ActiveSchedule;
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
 * The console's editor (Nueva programación / editar), the diff of two versions and the rejected files' downloads, in
 * headless Chromium on the real application with the Veeam simulator (the fixture of {@link ConsoleBrowserTest}, without
 * its run): a schedule drafted in the form, saved, is accepted by the intake with the user as owner and its trigger's
 * next fire is the one the preview showed; a form with an error shows the field paths the reason file lists for the
 * same file; the YAML downloads; an edit starts from the active version and the diff shows the change, escaped; a
 * rejected file downloads byte for byte with its reason. Screenshots under target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEditorTest {

    static final Path DATA = Path.of("target/it/console-editor");
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final String PASSWORD = "clave-de-prueba";
    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;
    WebDriver browser;

    @BeforeAll
    void start() throws Exception {
        Path driver = Path.of(System.getProperty("respaldo.test.chromedriver", "/usr/bin/chromedriver"));
        Path chromium = Path.of(System.getProperty("respaldo.test.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
            throw new AssertionError("ConsoleEditorTest needs Chromium and ChromeDriver (" + chromium + ", " + driver + "): "
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
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(smtp));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        props.put("respaldo.console.mail-domain", "mineco.local");
        app = RespaldoApp.start(DATA.resolve("app"), Ports.free(), props);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,2200",
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

    WebElement await(By by) {
        try {
            return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(
                    org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    void type(String name, String value) {
        WebElement e = browser.findElement(By.name(name));
        e.clear();
        e.sendKeys(value);
    }

    void click(By by) {
        WebElement e = browser.findElement(by);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    ActiveSchedule registered(String id, int version) {
        ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
        Eventually.await(Duration.ofSeconds(10), id + " v" + version + " registered",
                () -> registry.get(id).filter(a -> a.version() == version).isPresent());
        return registry.get(id).orElseThrow();
    }

    /** The field paths a page's #problems list names. */
    List<String> pagePaths() {
        List<String> paths = new ArrayList<>();
        browser.findElements(By.cssSelector("#problems code.where")).forEach(e -> paths.add(e.getText()));
        return paths;
    }

    @Test
    void aScheduleDraftedInTheFormIsAcceptedAndFiresAsPreviewed() throws Exception {
        login("operador");
        browser.get(app.url("/editor"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Nueva programación");
        assertThat(browser.findElement(By.name("owner")).getAttribute("value")).isEqualTo("operador@mineco.local");
        // a daily fire at 23:30, its first day a blackout: the preview skips it, and so does the trigger
        ZonedDateTime now = ZonedDateTime.now(GT);
        // the day of the next 23:30 (it was "before 23:00", which failed from 23:00 to 23:30 Guatemala time: tonight's
        // fire was still ahead); a test that crosses 23:30 still holds: today's fire has passed, tomorrow is the next one
        LocalDate first = now.toLocalTime().isBefore(java.time.LocalTime.of(23, 30)) ? now.toLocalDate() : now.toLocalDate().plusDays(1);
        type("id", "editor-nocturno");
        type("title", "Respaldo nocturno desde el editor");
        type("cron", "0 30 23 ? * *");
        type("window.start", "22:00");
        type("window.end", "04:00");
        type("maxDuration", "PT5H");
        type("blackouts", first.toString());
        // jobs and a repository no other schedule of this class uses: no overlap
        click(By.cssSelector("input[name='veeam.job'][value='BD-PostgreSQL-Portal']"));
        type("veeam.jobs", "BD-Oracle-*");
        type("storage.repository", "Repositorio-CD-Secundario");
        type("storage.path", "D:\\Backups");
        type("notify.director", "director@mineco.local");
        type("notify.technicians", "tecnico1@mineco.local");
        click(By.id("preview-button"));
        await(By.id("preview"));
        assertThat(browser.findElements(By.id("problems"))).as(browser.findElement(By.id("preview")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("preview")).getText()).contains("sin problemas");
        assertThat(browser.findElement(By.id("expansions")).getText()).contains("BD-Oracle-*", "BD-Oracle-SIAF");
        assertThat(browser.findElement(By.id("overlaps")).getText()).contains("Ninguno");
        assertThat(browser.findElement(By.id("duration")).getText()).contains("quedan 4 h 30 min de ventana", "sin ejecuciones");
        String previewed = browser.findElements(By.cssSelector("#next-fires li")).get(0).getText();
        assertThat(previewed).startsWith(first.plusDays(1) + " 23:30");
        assertThat(browser.findElement(By.cssSelector("input[name='veeam.job'][value='BD-PostgreSQL-Portal']")).isSelected())
                .as("the ticked job stays ticked").isTrue();
        assertThat(browser.findElement(By.id("jobs")).getAttribute("value")).as("the wildcard stays typed").isEqualTo("BD-Oracle-*");
        shot("editor-previsualizar");
        click(By.id("confirm"));
        click(By.id("save-button"));
        assertThat(await(By.id("flash")).getText()).startsWith("Guardado").contains("editor-nocturno-consola-");
        shot("editor-guardado");

        ActiveSchedule a = registered("editor-nocturno", 1);
        assertThat(a.schedule().owner()).isEqualTo("operador@mineco.local");
        assertThat(a.schedule().veeam().jobs()).containsExactly("BD-Oracle-*", "BD-PostgreSQL-Portal");
        assertThat(a.schedule().storage().path()).isEqualTo("D:\\Backups");
        Eventually.await(Duration.ofSeconds(10), "archived under .accepted", () -> ScheduleFiles.find(
                DATA.resolve("app/inbox/.accepted/editor-nocturno"), ".yaml").size() == 1);
        // the trigger's next fire (Quartz, as GET /api/schedules lists it) is the previewed one
        JsonNode list = new ObjectMapper().readTree(Browserless.get(app.url("/api/schedules"), Map.of("Authorization",
                basic("tecnico", PASSWORD))).body());
        String next = null;
        for (JsonNode s : list) {
            if (s.get("id").asText().equals("editor-nocturno")) {
                next = s.get("nextFireTime").asText();
            }
        }
        assertThat(next).isNotNull();
        assertThat(MINUTE.format(java.time.OffsetDateTime.parse(next).atZoneSameInstant(GT))).isEqualTo(previewed.substring(0, 16));
        browser.get(app.url("/auditoria"));
        login("director");
        browser.get(app.url("/auditoria"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("draft", "editor-nocturno", "operador");
    }

    @Test
    void aFormWithAnErrorShowsTheFieldPathsTheReasonFileWould() throws Exception {
        login("operador");
        browser.get(app.url("/editor"));
        type("id", "editor-mala");
        type("title", "Una programación con errores");
        type("window.start", "22:00");
        type("window.end", "22:00");
        type("retry.attempts", "9");
        type("blackouts", "2026-02-30");
        type("storage.repository", "Repositorio-CD-Local");
        type("storage.path", "D:\\Backups");
        type("notify.director", "director@mineco.local");
        // as you type (htmx): the problems appear without a submit
        List<String> live = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(10), "the problems shown as typed", () -> {
            live.clear();
            browser.findElements(By.cssSelector("#live #problems code.where")).forEach(e -> live.add(e.getText()));
            return live.contains("window.end");
        });
        shot("editor-en-vivo");
        // and the plain submit (the path without JavaScript)
        click(By.id("preview-button"));
        await(By.id("problems"));
        List<String> shown = pagePaths();
        assertThat(shown).contains("window.end", "retry.attempts", "blackouts[0]", "veeam.jobs");
        shot("editor-errores");
        // saving is refused: nothing is written
        click(By.id("confirm"));
        click(By.id("save-button"));
        assertThat(await(By.id("flash")).getText()).startsWith("No se guardó");
        // the same file dropped into the inbox: its reason file lists the same field paths
        String yaml = browser.findElement(By.id("yaml")).getAttribute("textContent");
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "editor-mala.yaml", yaml);
        Eventually.await(Duration.ofSeconds(10), "rejected", () -> !ScheduleFiles.find(DATA.resolve("app/inbox/.rejected"),
                "editor-mala.yaml.reason.txt").isEmpty());
        String reason = Files.readString(ScheduleFiles.find(DATA.resolve("app/inbox/.rejected"), "editor-mala.yaml.reason.txt").get(0));
        List<String> inReason = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\d+\\. (.+)$").matcher(reason);
        while (m.find()) {
            inReason.add(m.group(1));
        }
        assertThat(shown).isEqualTo(inReason);
        // the refused save wrote nothing: no file of the editor's, nothing accepted
        try (var names = Files.list(DATA.resolve("app/inbox"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("editor-mala-consola-"));
        }
        assertThat(Files.exists(DATA.resolve("app/inbox/.accepted/editor-mala"))).isFalse();
        assertThat(app.bean("scheduleRegistry", ScheduleRegistry.class).get("editor-mala")).isEmpty();
    }

    @Test
    void theYamlDownloadsAndAnAuditorCannotSave() throws Exception {
        login("auditor");
        browser.get(app.url("/editor"));
        assertThat(browser.findElements(By.id("save-button"))).isEmpty();
        assertThat(browser.findElements(By.id("preview-button"))).as("its posts would be refused (403)").isEmpty();
        assertThat(browser.findElement(By.id("read-only")).getText()).contains("de lectura");
        login("operador");
        browser.get(app.url("/editor"));
        type("id", "editor-descarga");
        type("title", "Descarga <b>YAML</b>");
        Object reply = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const data = new URLSearchParams(new FormData(document.getElementById('editor-form'))); data.set('action', 'descargar');"
                + "fetch('/editor/enviar', {method: 'POST', body: data}).then(r => r.text().then(t => done(r.status + '|'"
                + " + r.headers.get('Content-Disposition') + '|' + t)));");
        String[] parts = ((String) reply).split("\\|", 3);
        assertThat(parts[0]).isEqualTo("200");
        assertThat(parts[1]).isEqualTo("attachment; filename=\"editor-descarga.yaml\"");
        assertThat(parts[2]).contains("id: \"editor-descarga\"", "title: \"Descarga <b>YAML</b>\"", "owner: \"operador@mineco.local\"");
        // a write without the token is refused
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/editor/enviar', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: 'action=guardar&confirm=yes&id=x'}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
    }

    @Test
    void anEditStartsFromTheActiveVersionAndTheDiffShowsTheChange() throws Exception {
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "editar.yaml", """
                version: 1
                id: editar
                title: "Antes <i>del</i> cambio"
                owner: director@mineco.local
                cron: "0 0 23 ? * MON-FRI"
                timezone: America/Guatemala
                window: {start: "22:00", end: "04:00"}
                veeam: {jobs: [BD-SQLServer-Produccion]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.local}
                """);
        registered("editar", 1);
        login("director");
        browser.get(app.url("/programaciones/editar"));
        click(By.id("edit-link"));
        assertThat(await(By.tagName("h1")).getText()).isEqualTo("Editar programación editar");
        assertThat(browser.findElement(By.name("title")).getAttribute("value")).isEqualTo("Antes <i>del</i> cambio");
        assertThat(browser.findElement(By.name("cron")).getAttribute("value")).isEqualTo("0 0 23 ? * MON-FRI");
        assertThat(browser.findElement(By.cssSelector("input[name='veeam.job'][value='BD-SQLServer-Produccion']")).isSelected()).isTrue();
        type("title", "Después <b>del</b> cambio");
        click(By.id("confirm"));
        click(By.id("save-button"));
        await(By.id("saved-file"));
        registered("editar", 2);
        browser.get(app.url("/programaciones/editar"));
        click(By.id("diff-link"));
        WebElement diff = await(By.id("diff"));
        assertThat(diff.getText()).contains("Antes <i>del</i> cambio", "Después <b>del</b> cambio");
        assertThat(browser.findElements(By.cssSelector("#diff tr.changed, #diff tr.removed, #diff tr.added"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#diff b, #diff i"))).as("no element made from the files").isEmpty();
        shot("programacion-diferencias");
        var v2 = app.bean("scheduleRegistry", ScheduleRegistry.class).get("editar").orElseThrow().schedule();
        assertThat(v2.owner()).isEqualTo("director@mineco.local");
        assertThat(v2.cron()).isEqualTo("0 0 23 ? * MON-FRI");
    }

    @Test
    void aRejectedFileDownloadsByteForByteWithItsReason() throws Exception {
        byte[] bad = "version: 1\nid: rota\ntitle: \"\u00f1and\u00fa\"\n\tcron: [\n".getBytes(StandardCharsets.UTF_8);
        byte[] withCr = new byte[bad.length + 2];
        System.arraycopy(bad, 0, withCr, 0, bad.length);
        withCr[bad.length] = '\r';
        withCr[bad.length + 1] = (byte) 0xff;
        ScheduleFiles.drop(DATA.resolve("app/inbox"), "rota ñ.yaml", withCr);
        Eventually.await(Duration.ofSeconds(10), "rejected", () -> !ScheduleFiles.find(DATA.resolve("app/inbox/.rejected"),
                "rota ñ.yaml.reason.txt").isEmpty());
        Path reason = ScheduleFiles.find(DATA.resolve("app/inbox/.rejected"), "rota ñ.yaml.reason.txt").get(0);
        Path kept = reason.resolveSibling(reason.getFileName().toString().replace(".reason.txt", ""));
        login("tecnico");
        browser.get(app.url("/bandeja"));
        WebElement link = browser.findElements(By.cssSelector("a.download-rejected")).stream()
                .filter(e -> e.getAttribute("href").contains("rota")).findFirst().orElseThrow();
        String href = link.getAttribute("href");
        shot("bandeja-rechazados");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(href)).header("Authorization", basic("auditor", PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(Files.readAllBytes(kept)).isEqualTo(withCr);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("filename*=UTF-8''").contains("rota%20%C3%B1.yaml");
        HttpResponse<byte[]> why = http.send(HttpRequest.newBuilder(URI.create(href + ".reason.txt")).header("Authorization",
                basic("auditor", PASSWORD)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(why.statusCode()).isEqualTo(200);
        assertThat(why.body()).isEqualTo(Files.readAllBytes(reason));
        // nothing but a regular file directly under .rejected
        for (String other : List.of("..%2F..%2F..%2Fusers", "%2E%2E%2F%2E%2E%2F%2E%2E%2Fusers", "..", "nada.yaml")) {
            var r = Browserless.get(app.url("/bandeja/rechazados/" + other), Map.of("Authorization", basic("auditor", PASSWORD)));
            assertThat(r.body()).as(other).doesNotContain("director:director:");
            assertThat(r.header("Content-Type")).as(other).doesNotStartWith("application/octet-stream");
        }
    }

    @Test
    void aFileChosenInTheBandejaIsValidatedThenUploadedThroughTheIntake() throws Exception {
        Path bad = DATA.resolve("elegida-mala.yaml");
        Files.writeString(bad, "version: 1\nid: elegida\ntitle: elegida\nowner: director@mineco.local\ncron: \"0 0 23 ? * MON-FRI\"\n"
                + "window: {start: \"22:00\", end: \"22:00\"}\n");
        login("operador");
        browser.get(app.url("/bandeja"));
        browser.findElement(By.id("file")).sendKeys(bad.toAbsolutePath().toString());
        click(By.id("validate-file"));
        assertThat(await(By.id("problems")).getText()).contains("window.end");
        assertThat(browser.findElement(By.id("result")).getText()).contains("elegida-mala.yaml", "con problemas");
        shot("bandeja-archivo");
        Path good = DATA.resolve("elegida.yaml");
        Files.writeString(good, """
                version: 1
                id: elegida
                title: Elegida con el selector de archivos
                owner: operador@mineco.local
                cron: "0 0 23 ? * MON-FRI"
                window: {start: "22:00", end: "04:00"}
                veeam: {jobs: [BD-SQLServer-Produccion]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.local}
                """);
        browser.get(app.url("/bandeja"));
        browser.findElement(By.id("file")).sendKeys(good.toAbsolutePath().toString());
        click(By.id("confirm-file"));
        click(By.id("upload-file"));
        assertThat(await(By.id("result")).getText()).contains("elegida.yaml", "sin problemas", "dejado en la bandeja");
        registered("elegida", 1);
        Eventually.await(Duration.ofSeconds(10), "archived as received", () -> ScheduleFiles.find(
                DATA.resolve("app/inbox/.accepted/elegida"), "elegida.yaml").size() == 1);
        assertThat(Files.readAllBytes(ScheduleFiles.find(DATA.resolve("app/inbox/.accepted/elegida"), "elegida.yaml").get(0)))
                .isEqualTo(Files.readAllBytes(good));
        assertThat(ScheduleFiles.find(DATA.resolve("app/.uploads"), "")).as("no upload left behind").isEmpty();
    }
}
