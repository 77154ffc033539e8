package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustMaterialTest {

    private static X509Certificate server;
    private static X509Certificate other;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.selfSigned("vbr.example.local");
        other = TestCertificates.selfSigned("impostor.example.local");
    }

    @Test
    void thumbprintsAreNormalised() {
        String hex = Thumbprints.sha256(server);
        assertThat(hex).matches("[0-9A-F]{64}");
        String withColons = Thumbprints.withColons(hex.toLowerCase());
        assertThat(withColons).hasSize(95);
        assertThat(Thumbprints.normalize(withColons)).contains(hex);
        assertThat(Thumbprints.normalize("ab:cd")).isEmpty();
        assertThat(Thumbprints.normalize(null)).isEmpty();
    }

    @Test
    void pinnedThumbprintAcceptsOnlyThatCertificate() {
        TrustMaterial tm = TrustMaterial.of("principal", new TlsTrust.Thumbprint(Thumbprints.sha256(server)));
        X509TrustManager x = tm.x509();
        assertThatCode(() -> x.checkServerTrusted(new X509Certificate[] {server}, "RSA")).doesNotThrowAnyException();
        assertThatThrownBy(() -> x.checkServerTrusted(new X509Certificate[] {other}, "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not the pinned");
        assertThat(tm.lastPresented()).isEqualTo(other);
        assertThat(tm.verifiesHostname()).isFalse();
    }

    @Test
    void pemTruststore(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("vbr.pem");
        Files.writeString(pem, TestCertificates.pem(server));
        TrustMaterial tm = TrustMaterial.of("principal", new TlsTrust.Truststore(pem, null));
        assertThatCode(() -> tm.x509().checkServerTrusted(new X509Certificate[] {server}, "RSA")).doesNotThrowAnyException();
        assertThatThrownBy(() -> tm.x509().checkServerTrusted(new X509Certificate[] {other}, "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(tm.verifiesHostname()).isTrue();
    }

    @Test
    void pkcs12Truststore(@TempDir Path dir) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("vbr", server);
        Path p12 = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(p12)) {
            ks.store(out, "changeit".toCharArray());
        }
        TrustMaterial tm = TrustMaterial.of("principal", new TlsTrust.Truststore(p12, Secret.of("changeit")));
        assertThatCode(() -> tm.x509().checkServerTrusted(new X509Certificate[] {server}, "RSA")).doesNotThrowAnyException();
    }

    @Test
    void missingOrBrokenTruststoreSaysWhichSetting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TrustMaterial.of("principal", new TlsTrust.Truststore(dir.resolve("nope.pem"), null)))
                .isInstanceOf(VeeamConfigurationException.class)
                .hasMessageContaining("respaldo.veeam.principal.truststore").hasMessageContaining("does not exist");
        Path junk = dir.resolve("junk.p12");
        Files.writeString(junk, "not a keystore");
        assertThatThrownBy(() -> TrustMaterial.of("principal", new TlsTrust.Truststore(junk, null)))
                .isInstanceOf(VeeamConfigurationException.class)
                .hasMessageContaining("RESPALDO_VEEAM_PRINCIPAL_TRUSTSTORE_PASSWORD");
    }

    @Test
    void insecureAcceptsAnything() {
        TrustMaterial tm = TrustMaterial.of("principal", new TlsTrust.Insecure());
        assertThatCode(() -> tm.x509().checkServerTrusted(new X509Certificate[] {other}, "RSA")).doesNotThrowAnyException();
    }
}
