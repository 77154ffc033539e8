package org.respaldo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Respaldo as operators run it: {@code java -jar target/respaldo.jar} in a JVM of its own (prod
 * profile, settings as {@code -D} options, secrets in the environment), killed with
 * {@code kill -9} or stopped with SIGTERM like a service. Its output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/respaldo.jar");

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The settings every test node gets, before the test's own. */
    public static Map<String, String> defaults(Path dataDir, int httpPort, SimProcess sim, int smtpPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("respaldo.data-dir", dataDir.toAbsolutePath().toString());
        p.put("respaldo.http.port", String.valueOf(httpPort));
        p.put("respaldo.veeam.principal.url", sim.baseUri());
        p.put("respaldo.veeam.principal.username", "respaldo");
        p.put("respaldo.veeam.principal.truststore", sim.certificatePem().toAbsolutePath().toString());
        p.put("respaldo.veeam.principal.poll-interval-ms", "300");
        p.put("respaldo.mail.host", "127.0.0.1");
        p.put("respaldo.mail.port", String.valueOf(smtpPort));
        p.put("respaldo.mail.from", "respaldo@mineco.local");
        p.put("respaldo.mail.retry.initial-delay", "PT1S");
        p.put("respaldo.mail.retry.max-delay", "PT3S");
        p.put("respaldo.mail.outbox-poll-ms", "200");
        p.put("respaldo.intake.min-age-ms", "200");
        p.put("respaldo.intake.poll-delay-ms", "100");
        p.put("respaldo.cluster.node-name", "nodo-prueba");
        // no daily digest in the middle of what a test counts
        p.put("respaldo.digest.enabled", "false");
        return p;
    }

    /** Starts the jar and waits until its health is UP. */
    public static AppProcess start(Map<String, String> settings, Map<String, String> env, Path log) {
        return start(settings, env, log, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    }

    /** Same, with these JVM options (heap, JIT, flight recorder) instead of the documented launch flags. */
    public static AppProcess start(Map<String, String> settings, Map<String, String> env, Path log, List<String> jvm) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after `mvn package` (make test runs mvn verify)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(jvm);
        cmd.add("-Dfile.encoding=UTF-8");
        if (!settings.containsKey("respaldo.auth.users-file")) {
            // prod needs a login source: the tests' user (Http sends its Basic credentials)
            cmd.add("-Drespaldo.auth.users-file=" + Http.usersFile(log.toAbsolutePath().getParent()));
        }
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("RESPALDO_PROFILE", "prod");
        pb.environment().put("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "respaldo-demo");
        pb.environment().putAll(env);
        int port = Integer.parseInt(settings.get("respaldo.http.port"));
        try {
            Files.createDirectories(log.getParent());
            AppProcess app = new AppProcess(pb.start(), port, log);
            app.awaitHealthy(Duration.ofSeconds(90));
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Respaldo exited with " + process.exitValue() + " during start-up:\n" + tail(60));
            }
            try {
                if (Http.get(url("/observe/health")).body().contains("UP")) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(50);
        }
        throw new AssertionError("Respaldo did not become healthy within " + timeout + ":\n" + tail(60));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: the JVM dies at once, nothing is flushed or closed. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, as a service stop or a reboot sends; returns the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    private int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Respaldo did not exit within " + timeout + ":\n" + tail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
