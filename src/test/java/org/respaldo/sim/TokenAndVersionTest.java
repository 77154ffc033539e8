package org.respaldo.sim;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAndVersionTest {

    @TempDir
    static Path dir;
    static SimHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SimHarness.start(SimulatorOptions.defaults(dir));
    }

    @AfterAll
    static void stop() {
        h.assertAllResponsesMatchContract();
        h.close();
    }

    @Test
    void passwordGrantInEitherCasingReturnsATokenModel() throws Exception {
        for (String grant : new String[]{"password", "Password"}) {
            SimHarness.Reply r = h.tokenRequest("1.3-rev1", "grant_type=" + grant + "&username=respaldo&password=respaldo-demo");
            assertThat(r.status()).isEqualTo(200);
            JsonNode t = r.json();
            assertThat(t.get("token_type").asText()).isEqualTo("bearer");
            assertThat(t.get("expires_in").asInt()).isEqualTo(900);
            assertThat(t.get("access_token").asText().split("\\.")).hasSize(3);
            assertThat(t.has(".issued") && t.has(".expires") && t.has("refresh_token")).isTrue();
        }
    }

    @Test
    void wrongPasswordIs401AndJsonBodyIs400() throws Exception {
        SimHarness.Reply r = h.tokenRequest("1.3-rev1", "grant_type=password&username=respaldo&password=nope");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("errorCode").asText()).isEqualTo("AccessDenied");
        SimHarness.Reply json = h.send("POST", "/api/oauth2/token", "1.3-rev1", null, "application/json",
                "{\"grant_type\":\"password\"}");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("message").asText()).contains("form-encoded");
    }

    @Test
    void refreshTokensAreSingleUse() throws Exception {
        JsonNode t = h.tokenRequest("1.2-rev1", "grant_type=password&username=respaldo&password=respaldo-demo").json();
        String refresh = t.get("refresh_token").asText();
        SimHarness.Reply first = h.tokenRequest("1.2-rev1", "grant_type=Refresh_token&refresh_token=" + refresh);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("refresh_token").asText()).isNotEqualTo(refresh);
        SimHarness.Reply second = h.tokenRequest("1.2-rev1", "grant_type=refresh_token&refresh_token=" + refresh);
        assertThat(second.status()).isEqualTo(401);
        assertThat(h.get("/api/v1/serverInfo", "1.2-rev1", first.json().get("access_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void logoutRevokesAccessAndRefreshTokens() throws Exception {
        JsonNode t = h.tokenRequest("1.3-rev0", "grant_type=password&username=respaldo&password=respaldo-demo").json();
        String access = t.get("access_token").asText();
        SimHarness.Reply out = h.post("/api/oauth2/logout", "1.3-rev0", access, null);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("{}");
        SimHarness.Reply after = h.get("/api/v1/jobs", "1.3-rev0", access);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(h.tokenRequest("1.3-rev0", "grant_type=refresh_token&refresh_token=" + t.get("refresh_token").asText()).status())
                .isEqualTo(401);
    }

    @Test
    void expiredTokenIs401ExpiredTokenAndRefreshStillWorks() throws Exception {
        JsonNode t = h.tokenRequest("1.3-rev1", "grant_type=password&username=respaldo&password=respaldo-demo").json();
        h.sim.admin().expireTokens();
        SimHarness.Reply r = h.get("/api/v1/jobs", "1.3-rev1", t.get("access_token").asText());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("errorCode").asText()).isEqualTo("ExpiredToken");
        assertThat(h.tokenRequest("1.3-rev1", "grant_type=refresh_token&refresh_token=" + t.get("refresh_token").asText()).status())
                .isEqualTo(200);
    }

    @Test
    void aShortTokenLifetimeExpiresTokensByTheClock() throws Exception {
        SimHarness.Reply set = h.send("POST", "/admin/settings", null, null, "application/json", "{\"accessTokenTtlSeconds\":1}");
        assertThat(set.status()).isEqualTo(200);
        try {
            JsonNode t = h.tokenRequest("1.3-rev1", "grant_type=password&username=respaldo&password=respaldo-demo").json();
            assertThat(t.get("expires_in").asInt()).isEqualTo(1);
            assertThat(h.get("/api/v1/jobs", "1.3-rev1", t.get("access_token").asText()).status()).isEqualTo(200);
            Thread.sleep(1100);
            SimHarness.Reply expired = h.get("/api/v1/jobs", "1.3-rev1", t.get("access_token").asText());
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().get("errorCode").asText()).isEqualTo("ExpiredToken");
        } finally {
            h.sim.admin().setAccessTokenTtl(java.time.Duration.ofSeconds(900));
        }
    }

    @Test
    void missingOrUnsupportedVersionIs400NotImplementedNamingTheSupportedVersions() throws Exception {
        SimHarness.Reply missing = h.get("/api/v1/serverTime", null, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errorCode").asText()).isEqualTo("NotImplemented");
        assertThat(missing.json().get("message").asText()).contains("1.2-rev1, 1.3-rev0, 1.3-rev1");
        SimHarness.Reply unsupported = h.tokenRequest("1.3-rev2", "grant_type=password&username=respaldo&password=respaldo-demo");
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().get("message").asText()).contains("'1.3-rev2' is not supported").contains("1.3-rev1");
    }

    @Test
    void serverTimeAndCertificateAreAnonymousServerInfoIsNot() throws Exception {
        assertThat(h.get("/api/v1/serverTime", "1.3-rev1", null).status()).isEqualTo(200);
        SimHarness.Reply cert = h.get("/api/v1/serverCertificate", "1.3-rev1", null);
        assertThat(cert.status()).isEqualTo(200);
        assertThat(cert.json().get("thumbprint").asText()).hasSize(40);
        SimHarness.Reply info = h.get("/api/v1/serverInfo", "1.3-rev1", null);
        assertThat(info.status()).isEqualTo(401);
        assertThat(info.headers().get("strict-transport-security")).containsExactly("max-age=31536000");
        String token = h.login("1.3-rev1");
        JsonNode server = h.get("/api/v1/serverInfo", "1.3-rev1", token).json();
        assertThat(server.get("buildVersion").asText()).isEqualTo("13.0.1.180");
        assertThat(h.get("/api/v1/serverInfo", "1.2-rev1", token).json().has("platform")).isFalse();
    }

    @Test
    void recordedRequestsOfAWellBehavedClientMatchTheContract() throws Exception {
        h.sim.admin().clearRequests();
        String token = h.login("1.3-rev1");
        h.get("/api/v1/jobs?limit=50&nameFilter=BD-*", "1.3-rev1", token);
        h.get("/api/v1/sessions?limit=1&orderColumn=CreationTime&orderAsc=false", "1.3-rev1", token);
        h.get("/api/v1/jobs?limit=lots", "1.3-rev1", token);
        java.util.List<RecordedExchange> exchanges = h.sim.admin().exchanges();
        assertThat(exchanges).hasSize(4);
        for (RecordedExchange e : exchanges.subList(0, 3)) {
            assertThat(org.respaldo.contract.OpenApiContract.validateRequest(e).describe()).isEmpty();
            assertThat(org.respaldo.contract.OpenApiContract.validateResponse(e).describe()).isEmpty();
        }
        assertThat(org.respaldo.contract.OpenApiContract.validateRequest(exchanges.get(3)).describe()).contains("limit");
    }

    @Test
    void requestLogMasksAuthorizationAndPasswords() throws Exception {
        String token = h.login("1.3-rev1");
        h.get("/api/v1/jobs", "1.3-rev1", token);
        assertThat(h.sim.admin().exchanges()).allSatisfy(e -> {
            assertThat(String.valueOf(e.requestBody())).doesNotContain("respaldo-demo");
            assertThat(e.request().headers().toString()).doesNotContain(token);
        });
        assertThat(h.sim.admin().count("GET /api/v1/jobs")).isPositive();
    }
}
