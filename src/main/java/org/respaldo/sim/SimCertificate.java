package org.respaldo.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's self-signed TLS certificate: generated on first start under
 * {@code <dataDir>/simulator/} and reused afterwards. Files:
 * {@code server.p12} (key and certificate, for the simulator only), {@code certificate.pem} and
 * {@code truststore.p12} (the certificate alone, for clients that trust it explicitly).
 */
final class SimCertificate {

    /** Password of both PKCS12 files. Not a secret: it protects a throw-away test certificate. */
    static final String STORE_PASSWORD = "changeit";
    static final String ALIAS = "veeam-simulator";
    static final String SUBJECT = "CN=Veeam Backup Server Certificate, O=Respaldo VBR simulator";

    private final Path pem;
    private final Path trustStore;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private SimCertificate(Path pem, Path trustStore, X509Certificate certificate, PrivateKey key) {
        this.pem = pem;
        this.trustStore = trustStore;
        this.certificate = certificate;
        this.key = key;
    }

    static SimCertificate loadOrCreate(Path dataDir, String host) throws IOException {
        return loadOrCreate(dataDir, host, null);
    }

    /**
     * @param validity how long from now the certificate must be valid; null: 10 years for a new one, and any unexpired
     *                 stored one is reused
     */
    static SimCertificate loadOrCreate(Path dataDir, String host, Duration validity) throws IOException {
        Path dir = dataDir.resolve("simulator");
        Files.createDirectories(dir);
        Path serverStore = dir.resolve("server.p12");
        Path pem = dir.resolve("certificate.pem");
        Path trust = dir.resolve("truststore.p12");
        try {
            if (Files.isRegularFile(serverStore)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(serverStore)) {
                    ks.load(in, STORE_PASSWORD.toCharArray());
                }
                X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
                PrivateKey key = (PrivateKey) ks.getKey(ALIAS, STORE_PASSWORD.toCharArray());
                if (cert != null && key != null && cert.getNotAfter().toInstant().isAfter(Instant.now())
                        && (validity == null || Duration.between(Instant.now().plus(validity), cert.getNotAfter().toInstant())
                                .abs().compareTo(Duration.ofDays(1)) < 0)) {
                    SimCertificate existing = new SimCertificate(pem, trust, cert, key);
                    existing.writePublicFiles();
                    return existing;
                }
            }
            SimCertificate fresh = generate(pem, trust, host, validity == null ? Duration.ofDays(3650) : validity);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, fresh.key, STORE_PASSWORD.toCharArray(), new Certificate[]{fresh.certificate});
            try (OutputStream out = Files.newOutputStream(serverStore)) {
                ks.store(out, STORE_PASSWORD.toCharArray());
            }
            fresh.writePublicFiles();
            return fresh;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("Cannot create or read the simulator certificate under " + dir
                    + ": " + e.getMessage() + ". Delete that folder to have a new certificate generated.", e);
        }
    }

    private static SimCertificate generate(Path pem, Path trust, String host, Duration validity)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name(SUBJECT);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name, pair.getPublic());
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        if (host != null && !host.isBlank() && !host.equals("127.0.0.1") && !host.equals("localhost")
                && !host.equals("0.0.0.0")) {
            boolean literal = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
            names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        String local = InetAddress.getLocalHost().getHostName();
        if (!local.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, local));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new SimCertificate(pem, trust, cert, pair.getPrivate());
    }

    private void writePublicFiles() throws IOException, GeneralSecurityException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        Files.writeString(pem, text.toString());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry(ALIAS, certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            ts.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    SSLContext sslContext() throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, STORE_PASSWORD.toCharArray(), new Certificate[]{certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot set up TLS with the simulator certificate: " + e.getMessage(), e);
        }
    }

    Path pem() {
        return pem;
    }

    Path trustStore() {
        return trustStore;
    }

    X509Certificate certificate() {
        return certificate;
    }

    String sha256() {
        return digest("SHA-256");
    }

    /** Windows-style thumbprint (SHA-1), which is what VBR's {@code /serverCertificate} reports. */
    String sha1() {
        return digest("SHA-1");
    }

    private String digest(String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()))
                    .toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
