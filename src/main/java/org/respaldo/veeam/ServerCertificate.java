package org.respaldo.veeam;

import java.time.OffsetDateTime;

/** {@code GET /api/v1/serverCertificate}, as the server describes its own certificate. */
public record ServerCertificate(String thumbprint, String serialNumber, String subject, String issuedBy,
        OffsetDateTime validFrom, OffsetDateTime validBy, String keyAlgorithm, Integer keySize) {
}
