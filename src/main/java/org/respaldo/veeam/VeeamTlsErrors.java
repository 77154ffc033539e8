package org.respaldo.veeam;

import java.security.cert.X509Certificate;

/** Builds the message an operator sees when a server's certificate is not trusted. */
final class VeeamTlsErrors {

    private VeeamTlsErrors() {
    }

    static VeeamTlsException untrusted(VeeamServerSettings s, TrustMaterial trust, Throwable cause) {
        X509Certificate cert = trust.lastPresented();
        StringBuilder sb = new StringBuilder("The certificate of Veeam server '").append(s.alias()).append("' (")
                .append(s.address()).append(") is not trusted (trust: ").append(trust.trust()).append(").");
        if (cert != null) {
            String sha = Thumbprints.sha256(cert);
            sb.append(" It presented SHA-256 ").append(Thumbprints.withColons(sha)).append(", subject ")
                    .append(cert.getSubjectX500Principal().getName()).append('.')
                    .append(" If that is the thumbprint shown on the VBR server, set respaldo.veeam.").append(s.alias())
                    .append(".thumbprint=").append(sha)
                    .append(" (or respaldo.veeam.").append(s.alias())
                    .append(".truststore=<the server's certificate as a PEM file>).");
        } else {
            sb.append(" Run 'java -jar target/respaldo.jar veeam-check --server ").append(s.alias())
                    .append("' to see its thumbprint, then set respaldo.veeam.").append(s.alias()).append(".thumbprint.");
        }
        if (trust.verifiesHostname()) {
            sb.append(" If the certificate is trusted but issued for another name, pin its thumbprint instead.");
        }
        return new VeeamTlsException(sb.toString(), cause);
    }
}
