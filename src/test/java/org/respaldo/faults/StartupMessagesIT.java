package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.testing.AppProcess;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;

/**
 * What an operator sees when starting the jar as documented, on a machine without a UTF-8 locale
 * (LANG=C) and with a bare environment: prod names every missing setting at once without a stack
 * trace; the demo profile is self-contained (no password to set) and its Spanish log lines are
 * UTF-8; a port clash names the setting to change; unknown paths answer JSON.
 */
class StartupMessagesIT {

    @TempDir
    Path dir;

    private Process start(Path log, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(AppProcess.javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                AppProcess.JAR.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("LANG", "C");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void prodWithNothingSetNamesEveryMissingSettingInOneMessageWithoutAStackTrace() throws Exception {
        Path log = dir.resolve("prod.log");
        Process p = start(log, Map.of("RESPALDO_PROFILE", "prod"));
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("start-up stops").isTrue();
        String out = read(log);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("6 required setting(s) missing", "respaldo.veeam.principal.url",
                "respaldo.veeam.principal.username", "RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "respaldo.mail.host",
                "respaldo.mail.from", "respaldo.auth.ldap.url or respaldo.auth.users-file").doesNotContain("\tat ", "Exception in thread");
    }

    @Test
    void theDemoNeedsNoPasswordLogsUtf8WithoutALocaleAndAPortClashNamesTheSetting() throws Exception {
        int http = Ports.free();
        Map<String, String> env = Map.of("RESPALDO_PROFILE", "demo", "RESPALDO_DATA_DIR", dir.resolve("data").toString(),
                "RESPALDO_HTTP_PORT", String.valueOf(http), "RESPALDO_VEEAM_PRINCIPAL_URL", "https://127.0.0.1:" + Ports.free(),
                "RESPALDO_DEMO_MAIL_SMTP_PORT", String.valueOf(Ports.free()), "RESPALDO_DEMO_MAIL_IMAP_PORT",
                String.valueOf(Ports.free()));
        Path log = dir.resolve("demo.log");
        Process demo = start(log, env);
        try {
            Eventually.await(Duration.ofSeconds(90), "the demo schedule accepted", () -> read(log).contains(
                    "Programación registrada / schedule accepted: demo-respaldo-bd"));
            String out = read(log);
            assertThat(out).as("the embedded simulator's password is the demo's default").doesNotContain(
                    "RESPALDO_VEEAM_PRINCIPAL_PASSWORD is not set", "could not be asked at intake").doesNotContain("\uFFFD");
            // the demo's directory has its users in the banner; past the login an unknown path is a JSON 404
            assertThat(out).contains("director, operador, tecnico, auditor", "respaldo-demo");
            assertThat(Http.get("http://127.0.0.1:" + http + "/api/schedules").status()).as("the tests' user is not the demo's")
                    .isEqualTo(401);
            org.respaldo.testing.Browserless.Reply unknown = org.respaldo.testing.Browserless.get("http://127.0.0.1:" + http + "/nada",
                    Map.of("Authorization", org.respaldo.testing.Browserless.basic("director", "respaldo-demo")));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body()).contains("/nada");

            // a second one on the same HTTP port: stops at once and says which setting to change
            Path clashLog = dir.resolve("clash.log");
            java.util.Map<String, String> clash = new java.util.HashMap<>(env);
            clash.put("RESPALDO_DATA_DIR", dir.resolve("otra").toString());
            Process second = start(clashLog, clash);
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(read(clashLog)).contains("port " + http, "respaldo.http.port (RESPALDO_HTTP_PORT)")
                    .doesNotContain("\tat ");
        } finally {
            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
