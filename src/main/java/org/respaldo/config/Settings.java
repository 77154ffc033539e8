package org.respaldo.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed access to the {@code respaldo.*} settings (files, then environment variables), and
 * the start-up check that names every missing required setting at once.
 */
public final class Settings {

    private final PropertiesComponent properties;
    private final Map<String, String> env;

    public Settings(CamelContext context) {
        this(context.getPropertiesComponent(), System.getenv());
    }

    public Settings(PropertiesComponent properties, Map<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /**
     * Password settings written in a settings file or passed as properties (any key of ours with
     * "password" in its name and a value): refused at start-up in every profile, since every secret
     * (database, SMTP, Veeam, LDAP) comes only from the environment and would otherwise be silently ignored.
     */
    public List<String> passwordsInFiles() {
        List<String> found = new ArrayList<>();
        // keySet and getProperty: Camel's ordered properties keep their entries outside the Hashtable that forEach walks
        java.util.Properties loaded = properties.loadProperties();
        loaded.keySet().forEach(k -> {
            String key = k.toString();
            Object v = loaded.getProperty(key);
            if (key.startsWith("respaldo.") && key.toLowerCase(Locale.ROOT).contains("password") && v != null
                    && !v.toString().isBlank()) {
                found.add(key + " (a password in a settings file is refused: remove it and set the environment variable "
                        + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + " instead)");
            }
        });
        java.util.Collections.sort(found);
        return found;
    }

    public Optional<String> get(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return get(key).map(Integer::parseInt).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).map(Long::parseLong).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    /**
     * An ISO-8601 duration setting ({@code PT30S}, {@code P3D}).
     *
     * @throws IllegalArgumentException naming the setting when the value is not a duration
     */
    public java.time.Duration duration(String key, java.time.Duration fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            java.time.Duration d = java.time.Duration.parse(v.get());
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " is '" + v.get() + "', which is not an ISO-8601 duration such as PT30S,"
                    + " PT10M or P3D", e);
        }
    }

    /**
     * This process's name among the nodes that share a database: {@code respaldo.cluster.node-name},
     * by default the host name.
     */
    public String nodeName() {
        return get("respaldo.cluster.node-name").orElseGet(Settings::hostName);
    }

    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "respaldo" : env;
        }
    }

    /** An environment variable (secrets come only from there). */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(s -> !s.isEmpty());
    }

    public String profile() {
        return get("respaldo.profile", "prod");
    }

    public Path dataDir() {
        return Path.of(get("respaldo.data-dir", "./data"));
    }

    /** The properties behind these settings (for readers of their own, such as the Veeam settings). */
    public PropertiesComponent properties() {
        return properties;
    }

    /** The environment these settings read secrets and overrides from. */
    public Map<String, String> environment() {
        return env;
    }

    /**
     * The inbox folder: {@code respaldo.intake.dir}, by default {@code <data dir>/inbox} (its
     * {@code .accepted}, {@code .rejected} and {@code .failed} stay inside it). Nodes of a cluster may
     * share one.
     */
    public Path inboxDir() {
        return get("respaldo.intake.dir").map(Path::of).orElseGet(() -> dataDir().resolve("inbox"));
    }

    /** An ISO-8601 duration setting ({@code PT5M}); a wrong value names the setting. */
    public java.time.Duration getDuration(String key, java.time.Duration fallback) {
        return duration(key, fallback);
    }

    /** A Veeam server setting, from the files or from {@code RESPALDO_VEEAM_<ALIAS>_<NAME>}. */
    public Optional<String> veeam(String alias, String name) {
        Optional<String> v = get("respaldo.veeam." + alias + "." + name);
        return v.isPresent() ? v : env(veeamEnv(alias, name));
    }

    public static String veeamEnv(String alias, String name) {
        return "RESPALDO_VEEAM_" + alias.toUpperCase(Locale.ROOT).replace('-', '_') + "_"
                + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The required settings of this room that are missing in this profile (prod only): the mail
     * server and sender, the SMTP password when a user is set. The Veeam servers' problems are
     * added by the caller (see org.respaldo.RequiredSettings), so that start-up names them all in
     * one message.
     */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!profile().equals("prod")) {
            return missing;
        }
        if (get("respaldo.mail.host").isEmpty()) {
            missing.add("respaldo.mail.host (the SMTP server for the Director's and technicians' mail, e.g. RESPALDO_MAIL_HOST)");
        }
        if (get("respaldo.mail.from").isEmpty()) {
            missing.add("respaldo.mail.from (the sender address of Respaldo's mail, e.g. RESPALDO_MAIL_FROM)");
        }
        Optional<String> mailUser = get("respaldo.mail.username");
        if (mailUser.isPresent() && env("RESPALDO_MAIL_PASSWORD").isEmpty()) {
            missing.add("RESPALDO_MAIL_PASSWORD (environment variable: the password of SMTP user '" + mailUser.get() + "')");
        }
        return missing;
    }

    /** Start-up stopped because required settings are missing. */
    public static final class MissingSettingsException extends StartupException {
        private static final long serialVersionUID = 1L;

        public MissingSettingsException(List<String> missing) {
            this("prod", missing);
        }

        public MissingSettingsException(String profile, List<String> missing) {
            super("Respaldo cannot start in profile '" + profile + "': " + missing.size() + " required setting(s) missing or refused:\n  - "
                    + String.join("\n  - ", missing)
                    + "\nSet them in application-prod.properties or as environment variables (RESPALDO_...), "
                    + "or run `make run` for the demo profile.");
        }
    }
}
