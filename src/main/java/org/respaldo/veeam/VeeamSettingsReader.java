package org.respaldo.veeam;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Veeam servers' settings. Aliases come from keys {@code respaldo.veeam.<alias>.url} and
 * from environment variables {@code RESPALDO_VEEAM_<ALIAS>_URL}; every other key is looked up as a
 * property first and then as the environment variable named like it (upper case, dots and dashes as
 * underscores). Passwords come only from {@code RESPALDO_VEEAM_<ALIAS>_PASSWORD}.
 *
 * <p>Per-server keys ({@code respaldo.veeam.<alias>.<key>}): {@code url} (required), {@code username}
 * (required), {@code api-version} (1.3-rev1), {@code truststore} (PEM or PKCS12 file; a PKCS12
 * password, if any, from {@code RESPALDO_VEEAM_<ALIAS>_TRUSTSTORE_PASSWORD}), {@code thumbprint}
 * (SHA-256, hex, colons allowed), {@code insecure} (false; demo profile only). Tuning keys may be set
 * per server or for all under {@code respaldo.veeam.<key>}: {@code connect-timeout-ms} (10000),
 * {@code response-timeout-ms} (60000), {@code poll-interval-ms} (10000), {@code max-backoff-ms}
 * (60000), {@code retry-attempts} (4), {@code retry-backoff-ms} (500), {@code page-size} (200),
 * {@code max-connections} (16), {@code token-refresh-margin-ms} (60000).
 */
public final class VeeamSettingsReader {

    public static final String PREFIX = "respaldo.veeam.";
    private static final Pattern URL_KEY = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9][A-Za-z0-9-]*)\\.url");
    private static final Pattern URL_ENV = Pattern.compile("RESPALDO_VEEAM_([A-Z0-9][A-Z0-9_]*)_URL");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Function<String, Optional<String>> properties;
    private final Iterable<String> propertyNames;
    private final Map<String, String> env;
    private final String profile;
    /** The alias the demo profile's embedded simulator is served as (application-demo.properties). */
    static final String DEMO_ALIAS = "principal";

    /**
     * @param properties    looks a key up (Camel's properties component, a map, …)
     * @param propertyNames every key that {@code properties} knows, in the order they were written
     * @param env           the environment
     * @param profile       {@code demo} or {@code prod}
     */
    public VeeamSettingsReader(Function<String, Optional<String>> properties, Iterable<String> propertyNames,
            Map<String, String> env, String profile) {
        this.properties = properties;
        this.propertyNames = propertyNames;
        this.env = env;
        this.profile = profile == null ? "prod" : profile;
    }

    /** Reader over a plain map (tests, tools). */
    public static VeeamSettingsReader of(Map<String, String> props, Map<String, String> env, String profile) {
        return new VeeamSettingsReader(k -> Optional.ofNullable(props.get(k)), props.keySet(), env, profile);
    }

    /** Aliases in the order configured: properties first (file order), then environment-only ones (sorted). */
    public List<String> aliases() {
        Set<String> aliases = new LinkedHashSet<>();
        for (String key : propertyNames) {
            Matcher m = URL_KEY.matcher(key);
            if (m.matches()) {
                aliases.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        Set<String> fromEnv = new TreeSet<>();
        for (String name : env.keySet()) {
            Matcher m = URL_ENV.matcher(name);
            if (m.matches()) {
                fromEnv.add(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        aliases.addAll(fromEnv);
        return List.copyOf(aliases);
    }

    /** The server's URL as written, even when other settings are missing (for veeam-check). */
    public Optional<URI> rawUrl(String alias) {
        try {
            return value(alias, "url").map(u -> URI.create(u.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Reads and checks every configured server; one exception lists every problem of every server. */
    public Map<String, VeeamServerSettings> readAll() {
        Map<String, VeeamServerSettings> result = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String alias : aliases()) {
            try {
                result.put(alias, read(alias));
            } catch (VeeamConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new VeeamConfigurationException(String.join(System.lineSeparator(), problems));
        }
        return result;
    }

    /** Reads one server's settings; the exception lists every missing or wrong setting of that server. */
    public VeeamServerSettings read(String alias) {
        List<String> problems = new ArrayList<>();
        if (!ALIAS.matcher(alias).matches()) {
            throw new VeeamConfigurationException("Veeam server alias '" + alias
                    + "' is not valid: use lower-case letters, digits and dashes (respaldo.veeam.<alias>.url).");
        }
        String envAlias = VeeamServerSettings.envAlias(alias);

        URI url = null;
        Optional<String> rawUrl = value(alias, "url");
        if (rawUrl.isEmpty()) {
            problems.add(missing(alias, "url", "the REST API address, e.g. https://vbr.example.local:9419"));
        } else {
            try {
                url = new URI(rawUrl.get().trim().replaceAll("/+$", ""));
                if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                    problems.add(key(alias, "url") + " = '" + rawUrl.get()
                            + "' must be an https:// address with a host (the VBR REST API does not serve plain HTTP)");
                    url = null;
                }
            } catch (URISyntaxException e) {
                problems.add(key(alias, "url") + " = '" + rawUrl.get() + "' is not a URL: " + e.getReason());
            }
        }

        ApiVersion version = VeeamServerSettings.DEFAULT_API_VERSION;
        Optional<String> rawVersion = value(alias, "api-version");
        if (rawVersion.isPresent()) {
            try {
                version = ApiVersion.parse(rawVersion.get());
                if (!version.atLeast(ApiVersion.OLDEST_SUPPORTED)) {
                    problems.add(key(alias, "api-version") + " = " + version + " is older than "
                            + ApiVersion.OLDEST_SUPPORTED + ", the oldest revision Respaldo speaks (VBR 12.3)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(key(alias, "api-version") + ": " + e.getMessage());
            }
        }

        Optional<String> username = value(alias, "username");
        if (username.isEmpty()) {
            problems.add(missing(alias, "username", "the VBR user Respaldo logs in as"));
        }
        String passwordEnv = VeeamServerSettings.passwordEnv(alias);
        String password = env.get(passwordEnv);
        if ((password == null || password.isEmpty()) && "demo".equals(profile) && DEMO_ALIAS.equals(alias)) {
            // the demo profile is self-contained: the embedded simulator (served as 'principal') has a
            // published password, not a secret
            password = VeeamServerSettings.DEMO_PASSWORD;
        }
        if (password == null || password.isEmpty()) {
            problems.add("environment variable " + passwordEnv + " is not set (the password of the VBR user; "
                    + "passwords are read only from the environment)");
        }

        TlsTrust trust = readTrust(alias, envAlias, problems);

        Duration connect = millis(alias, "connect-timeout-ms", VeeamServerSettings.DEFAULT_CONNECT_TIMEOUT, problems);
        Duration response = millis(alias, "response-timeout-ms", VeeamServerSettings.DEFAULT_RESPONSE_TIMEOUT, problems);
        Duration poll = millis(alias, "poll-interval-ms", VeeamServerSettings.DEFAULT_POLL_INTERVAL, problems);
        Duration maxBackoff = millis(alias, "max-backoff-ms", VeeamServerSettings.DEFAULT_MAX_BACKOFF, problems);
        int attempts = integer(alias, "retry-attempts", VeeamServerSettings.DEFAULT_RETRY_ATTEMPTS, 1, problems);
        Duration retryBackoff = millis(alias, "retry-backoff-ms", VeeamServerSettings.DEFAULT_RETRY_BACKOFF, problems);
        int pageSize = integer(alias, "page-size", VeeamServerSettings.DEFAULT_PAGE_SIZE, 1, problems);
        int connections = integer(alias, "max-connections", VeeamServerSettings.DEFAULT_MAX_CONNECTIONS, 2, problems);
        Duration margin = millis(alias, "token-refresh-margin-ms", VeeamServerSettings.DEFAULT_TOKEN_REFRESH_MARGIN, problems);

        if (!problems.isEmpty()) {
            throw new VeeamConfigurationException(alias, problems);
        }
        return new VeeamServerSettings(alias, url, version, username.get().trim(), Secret.of(password), trust, connect,
                response, poll, maxBackoff, attempts, retryBackoff, pageSize, connections, margin);
    }

    private TlsTrust readTrust(String alias, String envAlias, List<String> problems) {
        Optional<String> truststore = value(alias, "truststore");
        Optional<String> thumbprint = value(alias, "thumbprint");
        boolean insecure = value(alias, "insecure").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
        int chosen = (truststore.isPresent() ? 1 : 0) + (thumbprint.isPresent() ? 1 : 0) + (insecure ? 1 : 0);
        if (chosen > 1) {
            problems.add("set only one of " + key(alias, "truststore") + ", " + key(alias, "thumbprint") + " and "
                    + key(alias, "insecure"));
            return new TlsTrust.SystemDefault();
        }
        if (insecure) {
            if (!"demo".equals(profile)) {
                problems.add(key(alias, "insecure") + "=true is refused outside the demo profile; pin the server's "
                        + "certificate instead: run 'java -jar target/respaldo.jar veeam-check --server " + alias
                        + "' and set " + key(alias, "thumbprint") + " to the SHA-256 thumbprint it prints");
            }
            return new TlsTrust.Insecure();
        }
        if (thumbprint.isPresent()) {
            Optional<String> hex = Thumbprints.normalize(thumbprint.get());
            if (hex.isEmpty()) {
                problems.add(key(alias, "thumbprint") + " = '" + thumbprint.get()
                        + "' is not a SHA-256 thumbprint (64 hex digits, colons allowed)");
                return new TlsTrust.SystemDefault();
            }
            return new TlsTrust.Thumbprint(hex.get());
        }
        if (truststore.isPresent()) {
            String pw = env.get("RESPALDO_VEEAM_" + envAlias + "_TRUSTSTORE_PASSWORD");
            return new TlsTrust.Truststore(Path.of(truststore.get().trim()), pw == null ? null : Secret.of(pw));
        }
        return new TlsTrust.SystemDefault();
    }

    private Optional<String> value(String alias, String name) {
        return lookup(key(alias, name));
    }

    private Optional<String> tuning(String alias, String name) {
        Optional<String> v = lookup(key(alias, name));
        return v.isPresent() ? v : lookup(PREFIX + name);
    }

    private Optional<String> lookup(String key) {
        Optional<String> v = properties.apply(key).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            String envName = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            v = Optional.ofNullable(env.get(envName)).filter(s -> !s.isBlank());
        }
        return v;
    }

    private Duration millis(String alias, String name, Duration dflt, List<String> problems) {
        Optional<String> raw = tuning(alias, name);
        if (raw.isEmpty()) {
            return dflt;
        }
        try {
            long ms = Long.parseLong(raw.get().trim());
            if (ms < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            problems.add(key(alias, name) + " = '" + raw.get() + "' must be a number of milliseconds");
            return dflt;
        }
    }

    private int integer(String alias, String name, int dflt, int min, List<String> problems) {
        Optional<String> raw = tuning(alias, name);
        if (raw.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.get().trim());
            if (v < min) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(key(alias, name) + " = '" + raw.get() + "' must be a whole number of at least " + min);
            return dflt;
        }
    }

    private static String key(String alias, String name) {
        return PREFIX + alias + "." + name;
    }

    private static String missing(String alias, String name, String what) {
        return key(alias, name) + " is not set (" + what + "; or the environment variable RESPALDO_VEEAM_"
                + VeeamServerSettings.envAlias(alias) + "_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + ")";
    }
}
