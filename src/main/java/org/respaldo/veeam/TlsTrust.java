package org.respaldo.veeam;

import java.nio.file.Path;

/** How the client decides to trust a Veeam server's TLS certificate. */
public sealed interface TlsTrust {

    /** Certificates from a PEM file or a PKCS12 truststore; the host name is verified as usual. */
    record Truststore(Path path, Secret password) implements TlsTrust {
        @Override
        public String toString() {
            return "truststore " + path;
        }
    }

    /** Exactly the certificate whose SHA-256 thumbprint this is (upper-case hex, no colons). */
    record Thumbprint(String sha256) implements TlsTrust {
        @Override
        public String toString() {
            return "pinned certificate SHA-256 " + Thumbprints.withColons(sha256);
        }
    }

    /** Any certificate. Only accepted in the {@code demo} profile. */
    record Insecure() implements TlsTrust {
        @Override
        public String toString() {
            return "no verification (demo profile only)";
        }
    }

    /** The JVM's default trust store (a certificate issued by a CA the JVM trusts). */
    record SystemDefault() implements TlsTrust {
        @Override
        public String toString() {
            return "the JVM's default trust store";
        }
    }
}
