package org.respaldo.veeam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust decision for one server, as a JSSE trust manager. It remembers the last certificate the
 * server presented so that a refused handshake can name its thumbprint.
 */
public final class TrustMaterial {

    private final TlsTrust trust;
    private final RecordingTrustManager trustManager;

    private TrustMaterial(TlsTrust trust, X509ExtendedTrustManager delegate) {
        this.trust = trust;
        this.trustManager = new RecordingTrustManager(delegate);
    }

    /** Loads the truststore file if there is one; errors say which file and what to do. */
    public static TrustMaterial of(String alias, TlsTrust trust) {
        X509ExtendedTrustManager tm;
        if (trust instanceof TlsTrust.Truststore ts) {
            tm = fromCertificates(loadCertificates(alias, ts));
        } else if (trust instanceof TlsTrust.Thumbprint tp) {
            tm = new PinnedTrustManager(tp.sha256());
        } else if (trust instanceof TlsTrust.Insecure) {
            tm = new PinnedTrustManager(null);
        } else {
            tm = systemDefault();
        }
        return new TrustMaterial(trust, tm);
    }

    public TlsTrust trust() {
        return trust;
    }

    public TrustManager trustManager() {
        return trustManager;
    }

    /** Whether the host name must match the certificate: not when one exact certificate is pinned. */
    public boolean verifiesHostname() {
        return trust instanceof TlsTrust.Truststore || trust instanceof TlsTrust.SystemDefault;
    }

    /** The leaf certificate the server presented last, if a handshake got that far. */
    public X509Certificate lastPresented() {
        return trustManager.last.get();
    }

    static List<X509Certificate> loadCertificates(String alias, TlsTrust.Truststore ts) {
        String setting = "respaldo.veeam." + alias + ".truststore";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(ts.path());
        } catch (NoSuchFileException e) {
            throw new VeeamConfigurationException(setting + " = " + ts.path() + ": the file does not exist. "
                    + "Point it at the server's certificate (PEM) or at a PKCS12 truststore.");
        } catch (IOException e) {
            throw new VeeamConfigurationException(setting + " = " + ts.path() + ": cannot read it (" + e.getMessage() + ")");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            String head = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.US_ASCII);
            if (head.contains("-----BEGIN")) {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                    certs.add((X509Certificate) c);
                }
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(new ByteArrayInputStream(bytes), ts.password() == null ? null : ts.password().reveal().toCharArray());
                for (String a : Collections.list(ks.aliases())) {
                    Certificate c = ks.getCertificate(a);
                    if (c instanceof X509Certificate x) {
                        certs.add(x);
                    }
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new VeeamConfigurationException(setting + " = " + ts.path() + ": not a PEM certificate file or a "
                    + "PKCS12 truststore Respaldo can open (" + e.getMessage() + "). A PKCS12 password, if any, goes in "
                    + "RESPALDO_VEEAM_" + VeeamServerSettings.envAlias(alias) + "_TRUSTSTORE_PASSWORD.", e);
        }
        if (certs.isEmpty()) {
            throw new VeeamConfigurationException(setting + " = " + ts.path() + " holds no certificate.");
        }
        return certs;
    }

    private static X509ExtendedTrustManager fromCertificates(List<X509Certificate> certs) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("trusted-" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return firstX509(tmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager systemDefault() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return firstX509(tmf);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's default trust store: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager firstX509(TrustManagerFactory tmf) {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509 trust manager available");
    }

    /** Accepts exactly the certificate with the given SHA-256 thumbprint; {@code null} accepts any (demo only). */
    static final class PinnedTrustManager extends X509ExtendedTrustManager {

        private final String sha256;

        PinnedTrustManager(String sha256) {
            this.sha256 = sha256;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server presented no certificate");
            }
            if (sha256 == null) {
                return;
            }
            String presented = Thumbprints.sha256(chain[0]);
            if (!presented.equals(sha256)) {
                throw new CertificateException("the server's certificate SHA-256 " + Thumbprints.withColons(presented)
                        + " is not the pinned " + Thumbprints.withColons(sha256));
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Remembers the presented leaf, then lets the real decision happen. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;
        private final AtomicReference<X509Certificate> last = new AtomicReference<>();

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        private void record(X509Certificate[] chain) {
            if (chain != null && chain.length > 0) {
                last.set(chain[0]);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            record(chain);
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            record(chain);
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            record(chain);
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** Convenience for callers that only need the plain interface. */
    public X509TrustManager x509() {
        return trustManager;
    }
}
