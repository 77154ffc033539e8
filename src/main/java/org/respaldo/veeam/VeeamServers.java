package org.respaldo.veeam;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured Veeam servers, by alias, and one {@link VeeamClient} per server (created on first use,
 * then shared). Bound in the Camel registry as {@code veeamServers} by {@link VeeamConfiguration}.
 * Closing it logs out of every server and releases the connection pools.
 */
public final class VeeamServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VeeamServers.class);

    private final CamelContext context;
    private final List<String> aliases;
    private final Map<String, VeeamServerSettings> settings;
    private final Map<String, String> problems;
    private final Map<String, VeeamClient> clients = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Sleeper sleeper = Sleeper.REAL;
    private volatile boolean closed;

    /**
     * @param aliases  every configured alias, in order
     * @param settings the complete ones
     * @param problems for the incomplete ones, the message naming what is missing
     */
    VeeamServers(CamelContext context, List<String> aliases, Map<String, VeeamServerSettings> settings,
            Map<String, String> problems, Clock clock) {
        this.context = context;
        this.aliases = List.copyOf(aliases);
        this.settings = Map.copyOf(settings);
        this.problems = Map.copyOf(problems);
        this.clock = clock;
    }

    /**
     * How the clients made from now on wait between attempts and between polls (tests: a sleeper that records
     * the pauses instead of waiting them).
     */
    public VeeamServers sleeper(Sleeper s) {
        this.sleeper = s;
        return this;
    }

    /** Servers from explicit settings (tests, tools). */
    public static VeeamServers of(CamelContext context, List<VeeamServerSettings> servers) {
        Map<String, VeeamServerSettings> map = new LinkedHashMap<>();
        servers.forEach(s -> map.put(s.alias(), s));
        return new VeeamServers(context, new ArrayList<>(map.keySet()), map, Map.of(), Clock.systemUTC());
    }

    /** Servers from the context's properties and the process environment. */
    public static VeeamServers fromContext(CamelContext context, String profile) {
        return fromContext(context, profile, System.getenv());
    }

    static VeeamServers fromContext(CamelContext context, String profile, Map<String, String> env) {
        VeeamSettingsReader reader = reader(context, profile, env);
        List<String> aliases = reader.aliases();
        Map<String, VeeamServerSettings> ok = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();
        for (String alias : aliases) {
            try {
                ok.put(alias, reader.read(alias));
            } catch (VeeamConfigurationException e) {
                bad.put(alias, e.getMessage());
            }
        }
        return new VeeamServers(context, aliases, ok, bad, Clock.systemUTC());
    }

    /** The configured aliases, in the order configured (the first is the default server). */
    public static List<String> configuredAliases(PropertiesComponent pc, Map<String, String> env) {
        return reader(pc, "prod", env).aliases();
    }

    /** Every problem of every configured server, one line each (empty when all are complete). */
    public static List<String> configurationProblems(PropertiesComponent pc, Map<String, String> env, String profile) {
        VeeamSettingsReader reader = reader(pc, profile, env);
        List<String> problems = new ArrayList<>();
        for (String alias : reader.aliases()) {
            try {
                reader.read(alias);
            } catch (VeeamConfigurationException e) {
                // one line per setting, so that start-up counts and names each of them
                e.problems().forEach(p -> problems.add(p.startsWith("Veeam server") ? p : "Veeam server '" + alias + "': " + p));
            }
        }
        return problems;
    }

    static VeeamSettingsReader reader(CamelContext context, String profile, Map<String, String> env) {
        return reader(context.getPropertiesComponent(), profile, env);
    }

    static VeeamSettingsReader reader(PropertiesComponent pc, String profile, Map<String, String> env) {
        // the properties component keeps file order, so the first configured server comes first
        List<String> names = new ArrayList<>();
        for (Object k : pc.loadProperties().keySet()) {
            names.add(k.toString());
        }
        // -Drespaldo.veeam.<alias>.url=... on the command line defines a server too (Camel resolves system properties first)
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("respaldo.veeam.") && !names.contains(k)) {
                names.add(k);
            }
        }
        return new VeeamSettingsReader(pc::resolveProperty, names, env, profile);
    }

    /** Every configured alias, in the order configured. */
    public List<String> aliases() {
        return aliases;
    }

    /** The first configured alias. */
    public String defaultAlias() {
        if (aliases.isEmpty()) {
            throw new VeeamConfigurationException("No Veeam server is configured. Set respaldo.veeam.<alias>.url, "
                    + ".username and the environment variable RESPALDO_VEEAM_<ALIAS>_PASSWORD (for example "
                    + "respaldo.veeam.principal.url=https://vbr.example.local:9419).");
        }
        return aliases.get(0);
    }

    /** Throws one exception naming every missing or wrong setting of every server; for start-up in prod. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new VeeamConfigurationException(String.join(System.lineSeparator(), problems.values()));
        }
    }

    /** The settings of a server. */
    public VeeamServerSettings settings(String alias) {
        VeeamServerSettings s = settings.get(alias.toLowerCase(java.util.Locale.ROOT));
        if (s == null) {
            throw notUsable(alias);
        }
        return s;
    }

    /** The client of the default server. */
    public VeeamClient client() {
        return client(defaultAlias());
    }

    /** The (shared) client of a server. */
    public VeeamClient client(String alias) {
        if (closed) {
            throw new VeeamException("the Veeam clients are closed (Respaldo is shutting down)");
        }
        VeeamServerSettings s = settings(alias);
        return clients.computeIfAbsent(s.alias(), a -> create(s));
    }

    /** The client if one was already created. */
    public Optional<VeeamClient> existingClient(String alias) {
        return Optional.ofNullable(clients.get(alias.toLowerCase(java.util.Locale.ROOT)));
    }

    private VeeamException notUsable(String alias) {
        String problem = problems.get(alias.toLowerCase(java.util.Locale.ROOT));
        if (problem != null) {
            return new VeeamConfigurationException(problem);
        }
        return new VeeamConfigurationException("Unknown Veeam server '" + alias + "'. Configured: "
                + (aliases.isEmpty() ? "none" : String.join(", ", aliases))
                + ". Add it with respaldo.veeam." + alias + ".url, respaldo.veeam." + alias + ".username and the "
                + "environment variable " + VeeamServerSettings.passwordEnv(alias) + ".");
    }

    private VeeamClient create(VeeamServerSettings s) {
        TrustMaterial trust = TrustMaterial.of(s.alias(), s.trust());
        if (s.trust() instanceof TlsTrust.Insecure) {
            LOG.warn("Veeam server '{}': certificate verification is OFF (demo profile only)", s.alias());
        }
        RequestCounters counters = new RequestCounters();
        VeeamTransport transport = new VeeamTransport(context, s, trust, counters);
        VeeamJson json = new VeeamJson(ZoneId.systemDefault());
        Backoff backoff = new Backoff(s.retryBackoff(), s.maxBackoff(), sleeper);
        TokenManager tokens = new TokenManager(s, transport, json, clock, backoff);
        VeeamApi api = new VeeamApi(s, transport, tokens, json, backoff);
        LOG.info("Veeam server '{}': {} (API {}, user {}, trust: {})", s.alias(), s.url(), s.apiVersion(), s.username(),
                s.trust());
        return new VeeamClient(s, transport, tokens, api, clock, backoff);
    }

    /** Logs out of every server and releases the connection pools. */
    @Override
    public void close() {
        closed = true;
        clients.values().forEach(c -> {
            try {
                c.shutdown();
            } catch (RuntimeException e) {
                LOG.debug("closing Veeam client '{}': {}", c.alias(), e.getMessage());
            }
        });
        clients.clear();
    }
}
