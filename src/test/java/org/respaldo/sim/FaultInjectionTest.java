package org.respaldo.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    static final String V = "1.3-rev1";

    @TempDir
    static Path dir;
    static SimHarness h;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        h = SimHarness.start(SimHarness.options(dir).withTimeScale(1000));
        token = h.login(V);
    }

    @AfterEach
    void clear() {
        h.sim.admin().clearFaults();
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void aBurstOf500sHitsExactlyTheNextNRequestsOfThatEndpoint() throws Exception {
        h.sim.admin().addFault(Fault.serverErrors("GET /api/v1/jobs", 2));
        assertThat(h.get("/api/v1/serverInfo", V, token).status()).isEqualTo(200);
        SimHarness.Reply first = h.get("/api/v1/jobs", V, token);
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.json().get("errorCode").asText()).isEqualTo("UnknownError");
        assertThat(h.get("/api/v1/jobs", V, token).status()).isEqualTo(500);
        assertThat(h.get("/api/v1/jobs", V, token).status()).isEqualTo(200);
        assertThat(h.sim.admin().faults()).isEmpty();
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        h.sim.admin().addFault(Fault.latency("GET /api/v1/serverTime", 300, 1));
        long t0 = System.nanoTime();
        assertThat(h.get("/api/v1/serverTime", V, null).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aDroppedConnectionGivesNoResponseAndIsLoggedWithStatus0() throws Exception {
        // java.net.http retries an idempotent request once when the connection closes without a
        // response, so two drops are needed to make the client see the failure
        h.sim.admin().addFault(Fault.dropConnections("GET /api/v1/sessions", 2));
        assertThatThrownBy(() -> h.get("/api/v1/sessions", V, token)).isInstanceOf(IOException.class);
        assertThat(h.get("/api/v1/sessions", V, token).status()).isEqualTo(200);
        assertThat(h.sim.admin().requests()).anySatisfy(r -> {
            assertThat(r.endpoint()).isEqualTo("GET /api/v1/sessions");
            assertThat(r.status()).isZero();
        });
    }

    @Test
    void an401WithEmptyBody() throws Exception {
        h.sim.admin().addFault(Fault.unauthorizedEmpty(null, 1));
        SimHarness.Reply r = h.get("/api/v1/jobs/states", V, token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEmpty();
        assertThat(h.get("/api/v1/jobs/states", V, token).status()).isEqualTo(200);
    }

    @Test
    void aJobFaultOnlyAffectsThatJobsRequestsAndItsSessions() throws Exception {
        h.sim.admin().setBehaviour("FS-Expedientes", Inventory.Behaviour.success(Duration.ofHours(5)));
        JsonNode fs = h.job("FS-Expedientes", V, token);
        JsonNode sql = h.job("BD-SQLServer-Produccion", V, token);
        SimHarness.Reply started = h.post("/api/v1/jobs/" + fs.get("id").asText() + "/start", V, token, "{\"performActiveFull\":false}");
        assertThat(started.status()).isEqualTo(201);
        h.sim.admin().addFault(Fault.serverErrors("GET /api/v1/sessions/{id}", -1).forJob("FS-Expedientes"));
        assertThat(h.get("/api/v1/sessions/" + started.json().get("id").asText(), V, token).status()).isEqualTo(500);
        assertThat(h.get("/api/v1/sessions/" + started.json().get("id").asText(), V, token).status()).isEqualTo(500);
        assertThat(h.get("/api/v1/jobs/" + sql.get("id").asText(), V, token).status()).isEqualTo(200);
        h.sim.admin().clearFaults();
        assertThat(h.get("/api/v1/sessions/" + started.json().get("id").asText(), V, token).status()).isEqualTo(200);
        assertThat(h.post("/api/v1/jobs/" + fs.get("id").asText() + "/stop", V, token, "{\"gracefulStop\":false}").status()).isEqualTo(201);
    }

    @Test
    void refusedRefreshAndRevokedTokens() throws Exception {
        JsonNode t = h.tokenRequest(V, "grant_type=password&username=respaldo&password=respaldo-demo").json();
        h.sim.admin().refuseNextRefreshes(1);
        SimHarness.Reply refused = h.tokenRequest(V, "grant_type=refresh_token&refresh_token=" + t.get("refresh_token").asText());
        assertThat(refused.status()).isEqualTo(401);
        String fresh = h.login(V);
        h.sim.admin().revokeTokens();
        SimHarness.Reply revoked = h.get("/api/v1/jobs", V, fresh);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("errorCode").asText()).isEqualTo("AccessDenied");
        token = h.login(V);
    }

    @Test
    void theAdminHttpSurfaceControlsFaultsBehavioursAndShowsCounters() throws Exception {
        SimHarness.Reply add = h.send("POST", "/admin/faults", null, null, "application/json",
                "{\"kind\":\"SERVER_ERROR\",\"endpoint\":\"GET /api/v1/serverInfo\",\"times\":1}");
        assertThat(add.status()).isEqualTo(201);
        assertThat(h.get("/api/v1/serverInfo", V, token).status()).isEqualTo(500);
        SimHarness.Reply behaviour = h.send("POST", "/admin/jobs/BD-Oracle-SIAF/behaviour", null, null, "application/json",
                "{\"outcome\":\"Failed\",\"duration\":\"1h\",\"message\":\"ORA-19502: write error on file\"}");
        assertThat(behaviour.status()).as(behaviour.body()).isEqualTo(200);
        assertThat(h.sim.admin().behaviour("BD-Oracle-SIAF").outcome()).isEqualTo("Failed");
        JsonNode oracle = h.job("BD-Oracle-SIAF", V, token);
        SimHarness.Reply start = h.post("/api/v1/jobs/" + oracle.get("id").asText() + "/start", V, token, "{\"performActiveFull\":false}");
        JsonNode done = h.pollUntilStopped(start.json().get("id").asText(), V, token, Duration.ofSeconds(5)).stream()
                .reduce((a, b) -> b).orElseThrow();
        assertThat(done.get("result").get("message").asText()).isEqualTo("ORA-19502: write error on file");
        SimHarness.Reply badBehaviour = h.send("POST", "/admin/jobs/BD-Oracle-SIAF/behaviour", null, null, "application/json",
                "{\"outcome\":\"Sucess\"}");
        assertThat(badBehaviour.status()).isEqualTo(400);
        assertThat(badBehaviour.body()).contains("behaviour.outcome").contains("Success, Warning, Failed");
        SimHarness.Reply requests = h.get("/admin/requests?limit=5", null, null);
        assertThat(requests.status()).isEqualTo(200);
        assertThat(requests.json().get("counters").get("GET /api/v1/serverInfo").asLong()).isPositive();
        assertThat(requests.json().get("requests")).hasSizeLessThanOrEqualTo(5);
        assertThat(requests.body()).doesNotContain(token);
        assertThat(h.get("/admin/nothing", null, null).status()).isEqualTo(404);
        SimHarness.Reply repo = h.send("POST", "/admin/repositories/Repositorio-CD-Secundario", null, null, "application/json",
                "{\"freeGB\":12.5}");
        assertThat(repo.status()).isEqualTo(200);
        assertThat(h.get("/api/v1/backupInfrastructure/repositories/states?nameFilter=Repositorio-CD-Secundario", V, token)
                .json().get("data").get(0).get("freeGB").asDouble()).isEqualTo(12.5);
    }
}
