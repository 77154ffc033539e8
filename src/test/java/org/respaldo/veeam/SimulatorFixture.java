package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.respaldo.contract.OpenApiContract;
import org.respaldo.sim.RecordedExchange;
import org.respaldo.sim.RecordedRequest;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;

/**
 * A running Veeam simulator (HTTPS, its certificate trusted explicitly through its PEM file), a Camel
 * context and {@link VeeamServers} pointing at it. {@link #assertRequestsFollowTheContract()} checks
 * every request the client sent against the OpenAPI document of its revision.
 */
final class SimulatorFixture implements AutoCloseable {


    final VeeamSimulator sim;
    final DefaultCamelContext camel;
    final VeeamServers servers;
    final VeeamServerSettings settings;

    private SimulatorFixture(VeeamSimulator sim, DefaultCamelContext camel, VeeamServerSettings settings) {
        this.sim = sim;
        this.camel = camel;
        this.settings = settings;
        this.servers = VeeamServers.of(camel, List.of(settings));
    }

    static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    VeeamClient client() {
        return servers.client(settings.alias());
    }

    /** Token requests the simulator received, by grant type, in order. */
    List<String> grants() {
        List<String> out = new ArrayList<>();
        for (RecordedExchange e : sim.admin().exchanges()) {
            if (e.request().endpoint().equals("POST /api/oauth2/token")) {
                String body = e.requestBody() == null ? "" : e.requestBody();
                String lower = body.toLowerCase(java.util.Locale.ROOT);
                out.add(lower.contains("grant_type=refresh_token") ? "refresh_token"
                        : lower.contains("grant_type=password") ? "password" : body);
            }
        }
        return out;
    }

    long count(String endpoint) {
        return sim.admin().count(endpoint);
    }

    long responsesWithStatus(int status) {
        return sim.admin().requests().stream().filter(r -> r.status() == status).count();
    }

    /**
     * Every request recorded so far matches the OpenAPI document of its x-api-version, and so does every
     * response except the deliberately broken ones (a 401 with an empty body, injected as a fault).
     */
    void assertRequestsFollowTheContract() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (RecordedExchange e : sim.admin().exchanges()) {
            RecordedRequest r = e.request();
            if (!r.path().startsWith("/api/") || r.apiVersion() == null) {
                continue;
            }
            checked++;
            OpenApiContract.Result request = OpenApiContract.validateRequest(e);
            if (!request.ok()) {
                problems.add("request: " + request.describe());
            }
            boolean injectedEmpty401 = r.status() == 401 && (e.responseBody() == null || e.responseBody().isEmpty());
            if (r.status() > 0 && !injectedEmpty401) {
                OpenApiContract.Result response = OpenApiContract.validateResponse(e);
                if (!response.ok()) {
                    problems.add("response " + r.status() + ": " + response.describe());
                }
            }
        }
        assertThat(problems).as("exchanges that break the OpenAPI contract (of %d checked)", checked).isEmpty();
    }

    @Override
    public void close() {
        servers.close();
        camel.stop();
        sim.close();
    }

    static final class Builder {
        private final Path dataDir;
        private String apiVersion = "1.3-rev1";
        private Set<String> accepted = SimulatorOptions.DEFAULT_API_VERSIONS;
        private Duration tokenTtl = Duration.ofSeconds(900);
        private double timeScale = 100;
        private Path inventory;
        private Duration pollInterval = Duration.ofMillis(100);
        private Duration responseTimeout = Duration.ofSeconds(10);
        private int pageSize = 2;
        private int retryAttempts = 4;
        private TlsTrust trust;
        private String password = "respaldo-demo";

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        Builder apiVersion(String v) {
            this.apiVersion = v;
            return this;
        }

        Builder accepted(Set<String> v) {
            this.accepted = v;
            return this;
        }

        Builder tokenTtl(Duration v) {
            this.tokenTtl = v;
            return this;
        }

        Builder timeScale(double v) {
            this.timeScale = v;
            return this;
        }

        Builder inventory(Path v) {
            this.inventory = v;
            return this;
        }

        Builder pollInterval(Duration v) {
            this.pollInterval = v;
            return this;
        }

        Builder responseTimeout(Duration v) {
            this.responseTimeout = v;
            return this;
        }

        Builder pageSize(int v) {
            this.pageSize = v;
            return this;
        }

        Builder retryAttempts(int v) {
            this.retryAttempts = v;
            return this;
        }

        Builder trust(TlsTrust v) {
            this.trust = v;
            return this;
        }

        Builder password(String v) {
            this.password = v;
            return this;
        }

        SimulatorFixture start() throws IOException {
            VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(dataDir).withPort(0)
                    .withApiVersions(accepted).withAccessTokenTtl(tokenTtl).withTimeScale(timeScale)
                    .withInventory(inventory));
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.start();
            TlsTrust t = trust != null ? trust : new TlsTrust.Truststore(sim.certificatePem(), null);
            VeeamServerSettings s = new VeeamServerSettings("sim", sim.baseUri(), ApiVersion.parse(apiVersion),
                    "respaldo", Secret.of(password), t, Duration.ofSeconds(5), responseTimeout, pollInterval,
                    Duration.ofMillis(800), retryAttempts, Duration.ofMillis(50), pageSize, 8, Duration.ofSeconds(60));
            return new SimulatorFixture(sim, camel, s);
        }
    }
}
