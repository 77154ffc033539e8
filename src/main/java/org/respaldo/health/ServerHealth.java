package org.respaldo.health;

import java.time.Instant;
import java.util.List;

/**
 * What one check of a Veeam server found.
 *
 * @param server             the server's alias
 * @param checkedAt          when the check ended
 * @param reachable          a TLS handshake and an anonymous request got answers
 * @param apiAccepted        the server accepted the configured {@code x-api-version}
 * @param loggedIn           the server accepted Respaldo's credentials
 * @param apiVersion         the revision Respaldo speaks to it ({@code respaldo.veeam.<alias>.api-version})
 * @param buildVersion       the VBR build the server reports (null when not logged in)
 * @param certificateNotAfter the end of validity of the certificate the server presents (null when none was read)
 * @param certificateSha256  that certificate's SHA-256 thumbprint
 * @param certificateSubject that certificate's subject
 * @param repositories       the repositories with their free space (empty when they could not be read)
 * @param problem            what went wrong, in words (null when nothing did)
 */
public record ServerHealth(String server, Instant checkedAt, boolean reachable, boolean apiAccepted, boolean loggedIn,
        String apiVersion, String buildVersion, Instant certificateNotAfter, String certificateSha256, String certificateSubject,
        List<Repository> repositories, String problem) {

    public ServerHealth {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    /** Respaldo can use the server: reachable, the API revision accepted, logged in, repositories read. */
    public boolean up() {
        return reachable && apiAccepted && loggedIn && problem == null;
    }

    /** A repository as the check saw it; sizes in bytes (Veeam's GB are binary gigabytes). */
    public record Repository(String name, String path, long capacityBytes, long freeBytes, boolean online) {

        /** Free space as a percentage of the capacity, or -1 when the capacity is unknown (0). */
        public double freePercent() {
            return capacityBytes <= 0 ? -1 : freeBytes * 100.0 / capacityBytes;
        }
    }
}
