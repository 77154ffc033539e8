package org.respaldo.veeam;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 certificate thumbprints: computing, normalising and printing them. */
public final class Thumbprints {

    private Thumbprints() {
    }

    /** Upper-case hex SHA-256 of the certificate's DER encoding. */
    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a SHA-256 thumbprint: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts {@code AB:CD:...}, {@code ab cd ...} or plain hex; returns 64 upper-case hex digits,
     * or empty when the text is not a SHA-256 thumbprint.
     */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = text.replaceAll("[\\s:-]", "").toUpperCase(Locale.ROOT);
        return hex.matches("[0-9A-F]{64}") ? Optional.of(hex) : Optional.empty();
    }

    /** {@code AB:CD:...} for people. */
    public static String withColons(String hex) {
        StringBuilder sb = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, Math.min(i + 2, hex.length()));
        }
        return sb.toString();
    }
}
