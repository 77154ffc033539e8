package org.respaldo.sim;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateAndCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCertificateIsWrittenOnceReusedAndCoversLoopback() throws Exception {
        String first;
        try (VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0))) {
            first = sim.certificateSha256();
            assertThat(sim.certificatePem()).startsWith(dir.resolve("simulator"));
            assertThat(sim.baseUri().toString()).isEqualTo("https://127.0.0.1:" + sim.port());
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(sim.certificatePem())) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())).toUpperCase())
                    .isEqualTo(first).matches("[0-9A-F]{64}");
            assertThat(cert.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                    .contains("127.0.0.1", "localhost");
        }
        try (VeeamSimulator again = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0))) {
            assertThat(again.certificateSha256()).isEqualTo(first);
        }
    }

    @Test
    void optionsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatorOptions.defaults(dir).withApiVersions(java.util.Set.of("2.0-rev0")))
                .hasMessageContaining("2.0-rev0").hasMessageContaining("1.3-rev1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatorOptions.defaults(dir).withTimeScale(0))
                .hasMessageContaining("timeScale");
        SimulatorOptions d = SimulatorOptions.defaults(dir);
        assertThat(d.port()).isEqualTo(9419);
        assertThat(d.apiVersions()).containsExactlyInAnyOrder("1.2-rev1", "1.3-rev0", "1.3-rev1");
        assertThat(d.accessTokenTtl()).hasSeconds(900);
    }

    @Test
    void theCommandParsesItsOptionsAndExplainsBadOnes() {
        SimulatorOptions o = SimulatorCommand.parse(new String[]{"--port", "9555", "--time-scale", "60", "--data-dir", dir.toString()});
        assertThat(o.port()).isEqualTo(9555);
        assertThat(o.timeScale()).isEqualTo(60.0);
        assertThat(o.dataDir()).isEqualTo(dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulatorCommand.run(new String[]{"--port", "x"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--port 'x' is not a number").contains("Usage: simulator");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        int code2 = SimulatorCommand.run(new String[]{"--inventory", dir.resolve("missing.yaml").toString(), "--port", "0",
                "--data-dir", dir.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err2));
        assertThat(code2).isEqualTo(1);
        assertThat(err2.toString()).contains("could not start").contains("missing.yaml");
        assertThat(List.of(code, code2)).doesNotContain(0);
    }

    @Test
    void aCertificateCanBeMadeToExpireSoonAndARepositoryToRunOutOfSpace() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        try (VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0)
                .withCertificateValidity(java.time.Duration.ofDays(10)))) {
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(sim.certificatePem())) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertThat(cert.getNotAfter().toInstant()).isBetween(before.plus(java.time.Duration.ofDays(10)).minusSeconds(1),
                    java.time.Instant.now().plus(java.time.Duration.ofDays(10)));
            // the admin surface: 5 % of the capacity free
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(trusting(sim)).build();
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUri() + "/admin/repositories/Repositorio-CD-Secundario"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"freePercent\": 5}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(sim.admin().repositories()).filteredOn(r -> r.name().equals("Repositorio-CD-Secundario"))
                    .singleElement().satisfies(r -> assertThat(r.freeGB()).isEqualTo(4096 * 0.05));
        }
        try (VeeamSimulator again = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0)
                .withCertificateValidity(java.time.Duration.ofDays(10)))) {
            assertThat(again.certificatePem()).exists();
        }
        assertThat(SimulatorCommand.parse(new String[]{"--certificate-days", "10"}).certificateValidity()).hasDays(10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatorOptions.defaults(dir)
                .withCertificateValidity(java.time.Duration.ZERO)).hasMessageContaining("certificateValidity");
    }

    private static javax.net.ssl.SSLContext trusting(VeeamSimulator sim) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(sim.keyStore())) {
            ks.load(in, VeeamSimulator.KEYSTORE_PASSWORD.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
