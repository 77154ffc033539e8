package org.respaldo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Veeam simulator in a process of its own ({@code java -jar respaldo.jar simulator}), so that
 * its sessions go on while Respaldo is killed and restarted; driven through its admin API over
 * HTTPS with its own certificate trusted.
 */
public final class SimProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUri;
    private final Path pem;
    private final HttpClient client;

    private SimProcess(Process process, String baseUri, Path pem) {
        this.process = process;
        this.baseUri = baseUri;
        this.pem = pem;
        this.client = HttpClient.newBuilder().sslContext(trusting(pem)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts the simulator (built-in demo inventory, or {@code inventory}) on a free port. */
    public static SimProcess start(Path dataDir, double timeScale, Path inventory) {
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(List.of(AppProcess.javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                AppProcess.JAR.toAbsolutePath().toString(), "simulator", "--port", String.valueOf(port), "--data-dir",
                dataDir.toAbsolutePath().toString(), "--time-scale", String.valueOf(timeScale)));
        if (inventory != null) {
            cmd.addAll(List.of("--inventory", inventory.toAbsolutePath().toString()));
        }
        try {
            Files.createDirectories(dataDir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String uri = null;
            Path pem = null;
            StringBuilder seen = new StringBuilder();
            String line;
            while ((uri == null || pem == null) && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("listening on ")) {
                    uri = line.substring(line.indexOf("listening on ") + 13).split(" ")[0];
                }
                if (line.trim().startsWith("certificate PEM:")) {
                    pem = Path.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            if (uri == null || pem == null) {
                throw new IllegalStateException("the simulator did not start:\n" + seen);
            }
            drain(p.getInputStream());
            return new SimProcess(p, uri, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the simulator stopped
            }
        }, "sim-output");
        t.setDaemon(true);
        t.start();
    }

    public String baseUri() {
        return baseUri;
    }

    public Path certificatePem() {
        return pem;
    }

    /** How many requests the simulator received for an endpoint, e.g. {@code POST /api/v1/jobs/{id}/start}. */
    public long count(String endpoint) {
        JsonNode counters = admin("GET", "/admin/requests?limit=1", null).get("counters");
        return counters.has(endpoint) ? counters.get(endpoint).asLong() : 0;
    }

    public void behaviour(String job, String behaviourJson) {
        admin("POST", "/admin/jobs/" + job.replace(" ", "%20") + "/behaviour", behaviourJson);
    }

    public void fault(String kind, String endpoint, int times) {
        admin("POST", "/admin/faults", "{\"kind\":\"" + kind + "\",\"endpoint\":" + (endpoint == null ? "null" : "\"" + endpoint + "\"")
                + ",\"times\":" + times + "}");
    }

    public void clearFaults() {
        admin("DELETE", "/admin/faults", null);
    }

    /** The simulator's jobs, with whether each runs now. */
    public JsonNode jobs() {
        return admin("GET", "/admin/jobs", null);
    }

    public JsonNode admin(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(Duration.ofSeconds(20));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("sim", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the simulator's certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
