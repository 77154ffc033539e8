package org.respaldo.veeam;

import java.net.URI;
import java.time.Duration;

/**
 * Everything the client needs to talk to one Veeam server, read by {@link VeeamSettingsReader}
 * from {@code respaldo.veeam.<alias>.*} and the environment.
 *
 * @param alias               the server's name in Respaldo's settings (lower case)
 * @param url                 {@code https://host:port}, the REST API's base address
 * @param apiVersion          the revision sent in {@code x-api-version}
 * @param username            the VBR user
 * @param password            from {@code RESPALDO_VEEAM_<ALIAS>_PASSWORD} only
 * @param trust               how the server's certificate is trusted
 * @param connectTimeout      TCP and TLS connect timeout
 * @param responseTimeout     longest wait for a response
 * @param pollInterval        pause between two polls of a running session
 * @param maxBackoff          longest pause after repeated 5xx or connection errors
 * @param retryAttempts       attempts for an idempotent request that meets a 5xx or a connection error
 * @param retryBackoff        first pause between those attempts (doubled each time, up to maxBackoff)
 * @param pageSize            {@code limit} used when reading lists
 * @param maxConnections      size of this server's HTTP connection pool
 * @param tokenRefreshMargin  refresh the access token this long before it expires (at most a fifth of its lifetime)
 */
public record VeeamServerSettings(
        String alias,
        URI url,
        ApiVersion apiVersion,
        String username,
        Secret password,
        TlsTrust trust,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration pollInterval,
        Duration maxBackoff,
        int retryAttempts,
        Duration retryBackoff,
        int pageSize,
        int maxConnections,
        Duration tokenRefreshMargin) {

    /**
     * The embedded demo simulator's published password (src/main/resources/sim/demo-inventory.yaml):
     * the demo profile uses it when RESPALDO_VEEAM_&lt;ALIAS&gt;_PASSWORD is not set. Not a secret, and
     * never used in prod, where every password comes only from the environment.
     */
    public static final String DEMO_PASSWORD = "respaldo-demo";
    public static final ApiVersion DEFAULT_API_VERSION = ApiVersion.V1_3_REV1;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    public static final int DEFAULT_RETRY_ATTEMPTS = 4;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final int DEFAULT_PAGE_SIZE = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofSeconds(60);

    /** Host and port, as people write them. */
    public String address() {
        return url.getHost() + ":" + port();
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : 443;
    }

    /** Name of the environment variable holding this server's password. */
    public static String passwordEnv(String alias) {
        return "RESPALDO_VEEAM_" + envAlias(alias) + "_PASSWORD";
    }

    /** Alias as it appears inside environment-variable names: upper case, dashes as underscores. */
    public static String envAlias(String alias) {
        return alias.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** Copy with other poll timing; handy for tests and benchmarks. */
    public VeeamServerSettings withPolling(Duration interval, Duration backoff) {
        return new VeeamServerSettings(alias, url, apiVersion, username, password, trust, connectTimeout, responseTimeout,
                interval, backoff, retryAttempts, retryBackoff, pageSize, maxConnections, tokenRefreshMargin);
    }

    @Override
    public String toString() {
        return "VeeamServerSettings[" + alias + " " + url + " " + apiVersion + " user=" + username + " trust=" + trust + "]";
    }
}
