package org.respaldo.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link VeeamSimulator} starts.
 *
 * @param host           address to bind (default {@code 127.0.0.1})
 * @param port           TCP port; 0 picks a free one (default 9419)
 * @param dataDir        the certificate lives under {@code <dataDir>/simulator/}
 * @param inventory      a YAML inventory file, or {@code null} for the built-in demo inventory
 * @param apiVersions    the {@code x-api-version} values accepted (see {@link ApiRevision})
 * @param accessTokenTtl lifetime of issued access tokens (real time, not scaled)
 * @param timeScale      how many simulated seconds pass per real second for job durations
 * @param certificateValidity how long from now the TLS certificate is valid ({@code null}: the default, 10 years,
 *                       and a certificate already under the data dir is reused); set, a certificate valid for this
 *                       long is generated unless the stored one already ends within a day of that (e.g. 10 days, to
 *                       see Respaldo warn of a certificate about to expire)
 */
public record SimulatorOptions(String host, int port, Path dataDir, Path inventory, Set<String> apiVersions,
                               Duration accessTokenTtl, double timeScale, Duration certificateValidity) {

    public static final int DEFAULT_PORT = 9419;
    public static final Set<String> DEFAULT_API_VERSIONS = Set.of("1.2-rev1", "1.3-rev0", "1.3-rev1");
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofSeconds(900);

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(apiVersions, "apiVersions");
        Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range; use 0 (any free port) to 65535");
        }
        if (apiVersions.isEmpty()) {
            throw new IllegalArgumentException("apiVersions is empty; accept at least one of " + ApiRevision.names());
        }
        for (String version : apiVersions) {
            if (ApiRevision.find(version).isEmpty()) {
                throw new IllegalArgumentException("API version '" + version + "' is not simulated; use some of "
                        + ApiRevision.names());
            }
        }
        apiVersions = Set.copyOf(new LinkedHashSet<>(apiVersions));
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("accessTokenTtl must be positive, was " + accessTokenTtl);
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a positive number, was " + timeScale);
        }
        if (certificateValidity != null && (certificateValidity.isNegative() || certificateValidity.isZero())) {
            throw new IllegalArgumentException("certificateValidity must be positive, was " + certificateValidity);
        }
    }

    /** Port 9419 on 127.0.0.1, the demo inventory, the three default revisions, 900 s tokens, real time. */
    public static SimulatorOptions defaults(Path dataDir) {
        return new SimulatorOptions("127.0.0.1", DEFAULT_PORT, dataDir, null, DEFAULT_API_VERSIONS,
                DEFAULT_ACCESS_TOKEN_TTL, 1.0, null);
    }

    public SimulatorOptions withHost(String value) {
        return new SimulatorOptions(value, port, dataDir, inventory, apiVersions, accessTokenTtl, timeScale, certificateValidity);
    }

    public SimulatorOptions withPort(int value) {
        return new SimulatorOptions(host, value, dataDir, inventory, apiVersions, accessTokenTtl, timeScale, certificateValidity);
    }

    public SimulatorOptions withDataDir(Path value) {
        return new SimulatorOptions(host, port, value, inventory, apiVersions, accessTokenTtl, timeScale, certificateValidity);
    }

    public SimulatorOptions withInventory(Path value) {
        return new SimulatorOptions(host, port, dataDir, value, apiVersions, accessTokenTtl, timeScale, certificateValidity);
    }

    public SimulatorOptions withApiVersions(Set<String> value) {
        return new SimulatorOptions(host, port, dataDir, inventory, value, accessTokenTtl, timeScale, certificateValidity);
    }

    public SimulatorOptions withAccessTokenTtl(Duration value) {
        return new SimulatorOptions(host, port, dataDir, inventory, apiVersions, value, timeScale, certificateValidity);
    }

    public SimulatorOptions withTimeScale(double value) {
        return new SimulatorOptions(host, port, dataDir, inventory, apiVersions, accessTokenTtl, value, certificateValidity);
    }

    /** A TLS certificate valid from a day ago until {@code value} from now (see {@link #certificateValidity()}). */
    public SimulatorOptions withCertificateValidity(Duration value) {
        return new SimulatorOptions(host, port, dataDir, inventory, apiVersions, accessTokenTtl, timeScale, value);
    }
}
