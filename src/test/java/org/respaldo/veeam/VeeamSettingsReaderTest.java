package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VeeamSettingsReaderTest {

    private static final String PIN = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aliasesFromPropertiesInOrderThenFromEnvironment() {
        VeeamSettingsReader r = VeeamSettingsReader.of(
                props("respaldo.veeam.principal.url", "https://a:9419", "respaldo.veeam.poll-interval-ms", "5000",
                        "respaldo.veeam.dr-site.url", "https://b:9419"),
                Map.of("RESPALDO_VEEAM_DC_NORTE_URL", "https://c:9419", "RESPALDO_VEEAM_PRINCIPAL_URL", "https://a:9419"),
                "prod");
        assertThat(r.aliases()).containsExactly("principal", "dr-site", "dc-norte");
    }

    @Test
    void completeServerWithDefaultsAndOverrides() {
        VeeamSettingsReader r = VeeamSettingsReader.of(props(
                "respaldo.veeam.principal.url", "https://vbr.example.local:9419/",
                "respaldo.veeam.principal.username", "respaldo",
                "respaldo.veeam.principal.thumbprint", PIN,
                "respaldo.veeam.poll-interval-ms", "5000",
                "respaldo.veeam.principal.page-size", "50"),
                Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "s3cret"), "prod");
        VeeamServerSettings s = r.read("principal");
        assertThat(s.url().toString()).isEqualTo("https://vbr.example.local:9419");
        assertThat(s.address()).isEqualTo("vbr.example.local:9419");
        assertThat(s.apiVersion()).isEqualTo(ApiVersion.V1_3_REV1);
        assertThat(s.password().reveal()).isEqualTo("s3cret");
        assertThat(s.trust()).isEqualTo(new TlsTrust.Thumbprint(PIN.replace(":", "")));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.pageSize()).isEqualTo(50);
        assertThat(s.maxConnections()).isEqualTo(VeeamServerSettings.DEFAULT_MAX_CONNECTIONS);
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void environmentOnlyServer() {
        VeeamSettingsReader r = VeeamSettingsReader.of(Map.of(), Map.of(
                "RESPALDO_VEEAM_DC_NORTE_URL", "https://10.0.0.5:9419",
                "RESPALDO_VEEAM_DC_NORTE_USERNAME", "svc-respaldo",
                "RESPALDO_VEEAM_DC_NORTE_API_VERSION", "1.2-rev1",
                "RESPALDO_VEEAM_DC_NORTE_PASSWORD", "pw"), "prod");
        VeeamServerSettings s = r.readAll().get("dc-norte");
        assertThat(s.username()).isEqualTo("svc-respaldo");
        assertThat(s.apiVersion()).isEqualTo(ApiVersion.V1_2_REV1);
        assertThat(s.trust()).isInstanceOf(TlsTrust.SystemDefault.class);
    }

    @Test
    void everyMissingSettingIsNamed() {
        VeeamSettingsReader r = VeeamSettingsReader.of(props("respaldo.veeam.principal.url", "http://vbr:9419",
                "respaldo.veeam.principal.api-version", "13", "respaldo.veeam.principal.poll-interval-ms", "soon"),
                Map.of(), "prod");
        assertThatThrownBy(() -> r.read("principal")).isInstanceOf(VeeamConfigurationException.class)
                .hasMessageContaining("must be an https:// address")
                .hasMessageContaining("respaldo.veeam.principal.api-version")
                .hasMessageContaining("respaldo.veeam.principal.username is not set")
                .hasMessageContaining("RESPALDO_VEEAM_PRINCIPAL_PASSWORD is not set")
                .hasMessageContaining("respaldo.veeam.principal.poll-interval-ms");
    }

    @Test
    void theDemoProfileNeedsNoPasswordForItsEmbeddedSimulatorButProdDoes() throws Exception {
        Map<String, String> p = props("respaldo.veeam.principal.url", "https://127.0.0.1:9419",
                "respaldo.veeam.principal.username", "respaldo");
        assertThat(VeeamSettingsReader.of(p, Map.of(), "demo").read("principal").password().reveal())
                .isEqualTo(VeeamServerSettings.DEMO_PASSWORD);
        assertThat(VeeamSettingsReader.of(p, Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "otra"), "demo").read("principal")
                .password().reveal()).isEqualTo("otra");
        assertThatThrownBy(() -> VeeamSettingsReader.of(p, Map.of(), "prod").read("principal"))
                .hasMessageContaining("RESPALDO_VEEAM_PRINCIPAL_PASSWORD is not set");
        // the demo inventory's user really has that password
        assertThat(new String(getClass().getResourceAsStream("/sim/demo-inventory.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("password: " + VeeamServerSettings.DEMO_PASSWORD);
    }

    @Test
    void insecureOnlyInDemo() {
        Map<String, String> p = props("respaldo.veeam.principal.url", "https://127.0.0.1:9419",
                "respaldo.veeam.principal.username", "respaldo", "respaldo.veeam.principal.insecure", "true");
        Map<String, String> env = Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "respaldo-demo");
        assertThatThrownBy(() -> VeeamSettingsReader.of(p, env, "prod").read("principal"))
                .hasMessageContaining("refused outside the demo profile")
                .hasMessageContaining("veeam-check --server principal");
        assertThat(VeeamSettingsReader.of(p, env, "demo").read("principal").trust()).isInstanceOf(TlsTrust.Insecure.class);
    }

    @Test
    void conflictingTrustAndBadThumbprint() {
        Map<String, String> env = Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "x");
        assertThatThrownBy(() -> VeeamSettingsReader.of(props("respaldo.veeam.principal.url", "https://h:9419",
                "respaldo.veeam.principal.username", "u", "respaldo.veeam.principal.thumbprint", PIN,
                "respaldo.veeam.principal.truststore", "/tmp/x.pem"), env, "prod").read("principal"))
                .hasMessageContaining("set only one of");
        assertThatThrownBy(() -> VeeamSettingsReader.of(props("respaldo.veeam.principal.url", "https://h:9419",
                "respaldo.veeam.principal.username", "u", "respaldo.veeam.principal.thumbprint", "12:34"), env, "prod")
                .read("principal")).hasMessageContaining("is not a SHA-256 thumbprint");
    }

    @Test
    void passwordEnvironmentVariableName() {
        assertThat(VeeamServerSettings.passwordEnv("dc-norte")).isEqualTo("RESPALDO_VEEAM_DC_NORTE_PASSWORD");
    }
}
