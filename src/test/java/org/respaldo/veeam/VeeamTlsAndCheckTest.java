package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;

/** TLS trust choices against the simulator's self-signed certificate, settings from Camel properties, veeam-check. */
class VeeamTlsAndCheckTest {

    @TempDir
    Path dir;

    private SimulatorFixture fx;

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void pinnedThumbprintAndPkcs12TruststoreAreTrusted() throws Exception {
        VeeamSimulator probe;
        fx = SimulatorFixture.builder(dir).start();
        probe = fx.sim;
        String pin = Thumbprints.withColons(probe.certificateSha256()).toLowerCase();
        try (SimulatorFixture pinned = SimulatorFixture.builder(dir.resolve("b"))
                .trust(new TlsTrust.Thumbprint(Thumbprints.normalize(pin).orElseThrow())).start()) {
            // a pin of another simulator's certificate: refused, with the presented thumbprint in the message
            assertThatThrownBy(() -> pinned.client().jobs()).isInstanceOf(VeeamTlsException.class)
                    .hasMessageContaining(Thumbprints.withColons(pinned.sim.certificateSha256()))
                    .hasMessageContaining("respaldo.veeam.sim.thumbprint=" + pinned.sim.certificateSha256());
        }
        try (SimulatorFixture pinned = SimulatorFixture.builder(dir.resolve("c")).start()) {
            VeeamServerSettings s = pinned.settings;
            VeeamServerSettings withPin = new VeeamServerSettings(s.alias(), s.url(), s.apiVersion(), s.username(),
                    s.password(), new TlsTrust.Thumbprint(pinned.sim.certificateSha256()), s.connectTimeout(),
                    s.responseTimeout(), s.pollInterval(), s.maxBackoff(), s.retryAttempts(), s.retryBackoff(),
                    s.pageSize(), s.maxConnections(), s.tokenRefreshMargin());
            VeeamServerSettings withP12 = new VeeamServerSettings("sim-p12", s.url(), s.apiVersion(), s.username(),
                    s.password(), new TlsTrust.Truststore(pinned.sim.keyStore(), Secret.of(VeeamSimulator.KEYSTORE_PASSWORD)),
                    s.connectTimeout(), s.responseTimeout(), s.pollInterval(), s.maxBackoff(), s.retryAttempts(),
                    s.retryBackoff(), s.pageSize(), s.maxConnections(), s.tokenRefreshMargin());
            try (VeeamServers servers = VeeamServers.of(pinned.camel, List.of(withPin, withP12))) {
                assertThat(servers.client("sim").jobs()).hasSize(7);
                assertThat(servers.client("sim-p12").repositories()).hasSize(2);
                assertThat(servers.aliases()).containsExactly("sim", "sim-p12");
                assertThat(servers.defaultAlias()).isEqualTo("sim");
            }
        }
    }

    @Test
    void untrustedCertificateNamesItsThumbprintAndTheSetting() throws Exception {
        fx = SimulatorFixture.builder(dir).trust(new TlsTrust.SystemDefault()).start();
        assertThatThrownBy(() -> fx.client().login()).isInstanceOf(VeeamTlsException.class)
                .hasMessageContaining(Thumbprints.withColons(fx.sim.certificateSha256()))
                .hasMessageContaining("Veeam Backup Server Certificate")
                .hasMessageContaining("respaldo.veeam.sim.thumbprint=");
        assertThat(fx.count("POST /api/oauth2/token")).isZero();
    }

    @Test
    void probeReadsTheCertificateWithoutTrustingIt() throws Exception {
        fx = SimulatorFixture.builder(dir).start();
        List<X509Certificate> chain = TlsProbe.certificates(fx.sim.baseUri(), Duration.ofSeconds(5));
        assertThat(Thumbprints.sha256(chain.get(0))).isEqualTo(fx.sim.certificateSha256());
        assertThat(fx.sim.admin().requests()).isEmpty();
    }

    @Test
    void settingsFromCamelPropertiesAndEnvironmentThenVeeamCheck() throws Exception {
        VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0).withTimeScale(100));
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            Properties p = new Properties();
            p.setProperty("respaldo.veeam.principal.url", sim.baseUri().toString());
            p.setProperty("respaldo.veeam.principal.username", "respaldo");
            p.setProperty("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
            p.setProperty("respaldo.veeam.principal.api-version", "1.3-rev1");
            p.setProperty("respaldo.veeam.respaldo-b.url", sim.baseUri().toString());
            camel.getPropertiesComponent().setInitialProperties(p);
            camel.start();
            Map<String, String> env = Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "respaldo-demo");
            VeeamServers servers = VeeamServers.fromContext(camel, "prod", env);
            VeeamSettingsReader reader = VeeamServers.reader(camel, "prod", env);
            try {
                assertThat(servers.aliases()).containsExactlyInAnyOrder("principal", "respaldo-b");
                // respaldo-b lacks username and password: named in one message
                assertThatThrownBy(servers::validate).isInstanceOf(VeeamConfigurationException.class)
                        .hasMessageContaining("respaldo.veeam.respaldo-b.username is not set")
                        .hasMessageContaining("RESPALDO_VEEAM_RESPALDO_B_PASSWORD is not set");

                Output ok = check(servers, reader, "--server", "principal");
                assertThat(ok.code).isZero();
                assertThat(ok.out).contains(Thumbprints.withColons(sim.certificateSha256()))
                        .contains("respaldo.veeam.principal.thumbprint=" + sim.certificateSha256())
                        .contains("VBR-MINISTERIO-01").contains("BD-Oracle-SIAF").contains("FS-Expedientes")
                        .contains("Repositorio-CD-Local").contains("D:\\Backups").contains("E:\\Backups")
                        .contains("OK: Respaldo can log in");

                Output incomplete = check(servers, reader, "--server", "respaldo-b");
                assertThat(incomplete.code).isEqualTo(2);
                assertThat(incomplete.out).contains(Thumbprints.withColons(sim.certificateSha256()));
                assertThat(incomplete.err).contains("RESPALDO_VEEAM_RESPALDO_B_PASSWORD");

                Output unknown = check(servers, reader, "--server", "nope");
                assertThat(unknown.code).isEqualTo(2);
                assertThat(unknown.err).contains("Unknown Veeam server 'nope'").contains("principal, respaldo-b");
            } finally {
                servers.close();
            }
        } finally {
            camel.stop();
            sim.close();
        }
    }

    @Test
    void veeamCheckOnAnUntrustedServerShowsHowToPin() throws Exception {
        fx = SimulatorFixture.builder(dir).trust(new TlsTrust.SystemDefault()).start();
        Output o = check(fx.servers, VeeamSettingsReader.of(Map.of(), Map.of(), "prod"), "--server", "sim");
        assertThat(o.code).isEqualTo(1);
        assertThat(o.out).contains("respaldo.veeam.sim.thumbprint=" + fx.sim.certificateSha256());
        assertThat(o.err).contains("is not trusted");
    }

    @Test
    void configurationRefusesIncompleteServersInProd() {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("respaldo.profile", "prod");
        p.setProperty("respaldo.veeam.zz-incomplete.url", "https://vbr.example.local:9419");
        camel.getPropertiesComponent().setInitialProperties(p);
        // prod start-up stops in one message naming every problem (RespaldoConfiguration → Settings)
        org.respaldo.config.Settings settings = new org.respaldo.config.Settings(camel.getPropertiesComponent(), java.util.Map.of());
        assertThatThrownBy(() -> org.respaldo.RequiredSettings.requireComplete(settings)).isInstanceOf(org.respaldo.config.Settings.MissingSettingsException.class)
                .hasMessageContaining("respaldo.veeam.zz-incomplete.username is not set")
                .hasMessageContaining("RESPALDO_VEEAM_ZZ_INCOMPLETE_PASSWORD");
    }

    private record Output(int code, String out, String err) {
    }

    private static Output check(VeeamServers servers, VeeamSettingsReader reader, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new VeeamCheck(servers, reader, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
