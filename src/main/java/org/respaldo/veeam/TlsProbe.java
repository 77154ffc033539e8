package org.respaldo.veeam;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Reads the certificate a server presents, without trusting it and without sending any request or
 * credential: only a TLS handshake. This is how an operator learns the thumbprint to pin.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** The server's certificate chain, leaf first. */
    public static List<X509Certificate> certificates(URI url, Duration timeout) throws IOException {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustMaterial.PinnedTrustManager(null)}, new SecureRandom());
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                if (!host.matches("[0-9.]+") && !host.contains(":")) {
                    SSLParameters p = socket.getSSLParameters();
                    p.setServerNames(List.of(new SNIHostName(host)));
                    socket.setSSLParameters(p);
                }
                socket.startHandshake();
                List<X509Certificate> out = new ArrayList<>();
                for (Certificate c : socket.getSession().getPeerCertificates()) {
                    if (c instanceof X509Certificate x) {
                        out.add(x);
                    }
                }
                return out;
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
