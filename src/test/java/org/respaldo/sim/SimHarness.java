package org.respaldo.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.respaldo.contract.OpenApiContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running simulator plus an HTTPS client that trusts exactly its certificate (no trust-all),
 * and a check that validates every recorded exchange against Veeam's OpenAPI documents.
 */
final class SimHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_VERSION = "1.3-rev1";

    record Reply(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    final VeeamSimulator sim;
    final HttpClient http;

    private SimHarness(VeeamSimulator sim, HttpClient http) {
        this.sim = sim;
        this.http = http;
    }

    static SimHarness start(SimulatorOptions options) throws Exception {
        VeeamSimulator sim = VeeamSimulator.start(options.withPort(0));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(sim.keyStore())) {
            trust.load(in, VeeamSimulator.KEYSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        return new SimHarness(sim, http);
    }

    static SimulatorOptions options(Path dir) {
        return SimulatorOptions.defaults(dir).withPort(0).withApiVersions(
                java.util.Set.of("1.1-rev0", "1.2-rev1", "1.3-rev0", "1.3-rev1", "1.3-rev2"));
    }

    Reply send(String method, String pathAndQuery, String version, String token, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUri() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            b.header("x-api-version", version);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.header("Accept", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    Reply get(String pathAndQuery, String version, String token) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, version, token, null, null);
    }

    Reply post(String path, String version, String token, String json) throws IOException, InterruptedException {
        return send("POST", path, version, token, json == null ? null : "application/json", json);
    }

    Reply tokenRequest(String version, String form) throws IOException, InterruptedException {
        return send("POST", "/api/oauth2/token", version, null, "application/x-www-form-urlencoded", form);
    }

    String login(String version) throws IOException, InterruptedException {
        Reply r = tokenRequest(version, "grant_type=password&username=respaldo&password=respaldo-demo");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    JsonNode job(String name, String version, String token) throws Exception {
        Reply r = get("/api/v1/jobs?nameFilter=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8), version, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("data")).hasSize(1);
        return r.json().get("data").get(0);
    }

    /** Polls a session until Stopped; returns every state seen (as session JSON). */
    List<JsonNode> pollUntilStopped(String sessionId, String version, String token, Duration timeout) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Reply r = get("/api/v1/sessions/" + sessionId, version, token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            seen.add(r.json());
            if (r.json().get("state").asText().equals("Stopped")) {
                return seen;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("session " + sessionId + " did not stop within " + timeout + "; last " + seen.get(seen.size() - 1));
    }

    /** Validates every recorded /api response against the OpenAPI document of its revision. */
    void assertAllResponsesMatchContract() {
        List<String> problems = new ArrayList<>();
        int validated = 0;
        for (RecordedExchange e : sim.admin().exchanges()) {
            RecordedRequest r = e.request();
            if (r.status() == 0 || !r.endpoint().contains("/api/") || r.endpoint().equals(r.method() + " " + r.path())
                    && !r.path().matches("/api/(oauth2/\\w+|v1/[A-Za-z/]+)")) {
                continue;
            }
            String revision = r.apiVersion() != null && ApiRevision.find(r.apiVersion()).isPresent() ? r.apiVersion() : DEFAULT_VERSION;
            if (r.status() == 401 && (e.responseBody() == null || e.responseBody().isEmpty())) {
                continue; // injected 401 with empty body: deliberately not what the spec documents
            }
            String method = r.method();
            String path = r.path();
            if (r.status() == 400 && String.valueOf(e.responseBody()).matches("(?s).*\"(NotImplemented|InvalidURI)\".*")) {
                // the version check and the query-parameter check answer with the documented 400 Error,
                // but list paths document no 400; check the body against the Error model via the token
                // endpoint, which does
                method = "POST";
                path = "/api/oauth2/token";
            }
            OpenApiContract.Result result = OpenApiContract.validateResponse(revision, method, path, r.status(),
                    e.responseContentType(), e.responseBody());
            validated++;
            if (r.status() == 404 && result.problems().stream().allMatch(m -> m.startsWith("[validation.request.path.missing]"))) {
                continue; // a path this revision does not have (e.g. retry on 1.2): 404 is the point
            }
            if (!result.ok()) {
                problems.add(result.describe() + "\n    body: " + abbreviate(e.responseBody()));
            }
        }
        assertThat(problems).as("responses that do not match Veeam's OpenAPI documents (%d validated)", validated).isEmpty();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    @Override
    public void close() {
        sim.close();
    }
}
