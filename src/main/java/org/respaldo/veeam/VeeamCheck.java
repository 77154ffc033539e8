package org.respaldo.veeam;

import java.io.PrintStream;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code veeam-check --server <alias>}: the technician's "log in and look". Prints the certificate the
 * server presents (thumbprint and subject, before any trust is configured, with the setting that pins
 * it), then logs in and prints the server's info, its jobs with their state and its repositories with
 * free space. Returns a process exit code: 0 all fine, 1 the server could not be used, 2 bad usage or
 * settings.
 */
public final class VeeamCheck {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private final VeeamServers servers;
    private final VeeamSettingsReader reader;
    private final PrintStream out;
    private final PrintStream err;

    public VeeamCheck(VeeamServers servers, VeeamSettingsReader reader, PrintStream out, PrintStream err) {
        this.servers = servers;
        this.reader = reader;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command as its own process: reads {@code application.properties} and the profile's file
     * plus the environment, the same settings Respaldo runs with.
     */
    public static int standalone(String profile, String[] args, PrintStream out, PrintStream err) {
        org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext();
        try {
            org.apache.camel.spi.PropertiesComponent pc = context.getPropertiesComponent();
            pc.setLocation("classpath:application.properties,classpath:application-" + profile + ".properties;optional=true");
            java.util.Properties initial = new java.util.Properties();
            initial.setProperty("respaldo.profile", profile);
            pc.setInitialProperties(initial);
            context.start();
            VeeamServers servers = VeeamServers.fromContext(context, profile);
            try {
                return new VeeamCheck(servers, VeeamServers.reader(context, profile, System.getenv()), out, err).run(args);
            } finally {
                servers.close();
            }
        } finally {
            context.stop();
        }
    }

    public int run(String[] args) {
        String alias = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--server") || args[i].equals("-s")) && i + 1 < args.length) {
                alias = args[++i];
            } else if (args[i].startsWith("--server=")) {
                alias = args[i].substring("--server=".length());
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println("Usage: java -jar target/respaldo.jar veeam-check [--server <alias>]");
                return 0;
            } else {
                err.println("Unknown argument '" + args[i] + "'. Usage: veeam-check [--server <alias>]");
                return 2;
            }
        }
        List<String> aliases = servers.aliases();
        if (alias == null) {
            if (aliases.isEmpty()) {
                err.println("No Veeam server is configured. Set respaldo.veeam.<alias>.url and .username (and the "
                        + "environment variable RESPALDO_VEEAM_<ALIAS>_PASSWORD), then run veeam-check --server <alias>.");
                return 2;
            }
            alias = aliases.get(0);
        }
        alias = alias.toLowerCase(Locale.ROOT);
        if (!aliases.contains(alias)) {
            err.println("Unknown Veeam server '" + alias + "'. Configured: "
                    + (aliases.isEmpty() ? "none" : String.join(", ", aliases)) + ". Add it with respaldo.veeam." + alias
                    + ".url (and .username, and the environment variable " + VeeamServerSettings.passwordEnv(alias) + ").");
            return 2;
        }

        out.println("Veeam server '" + alias + "'");
        Optional<URI> url = rawUrl(alias);
        if (url.isPresent()) {
            printCertificate(alias, url.get());
        }

        VeeamClient client;
        try {
            client = servers.client(alias);
        } catch (VeeamException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            ServerTime time = client.serverTime();
            out.println();
            out.println("Server time      " + (time.serverTime() == null ? "?" : time.serverTime().format(WHEN)) + " ("
                    + time.timeZone() + ")");
            client.login();
            ServerInfo info = client.serverInfo();
            out.println("Logged in as     " + client.settings().username() + " (API " + client.apiVersion() + ")");
            out.println("Server           " + info.name() + ", VBR " + info.buildVersion()
                    + (info.platform().isEmpty() ? "" : ", " + info.platform()) + ", id " + info.vbrId());

            List<VeeamJob> jobs = client.jobs();
            Map<String, JobState> states = client.jobStates(jobs.stream().map(VeeamJob::id).toList()).stream()
                    .collect(Collectors.toMap(JobState::id, Function.identity(), (a, b) -> a));
            List<RepositoryState> repos = client.repositories();
            Map<String, String> repoNames = repos.stream()
                    .collect(Collectors.toMap(RepositoryState::id, RepositoryState::name, (a, b) -> a));
            out.println();
            out.println("Jobs (" + jobs.size() + ")");
            out.println(String.format(Locale.ROOT, "  %-32s %-20s %-10s %-9s %-17s %s", "NAME", "TYPE", "STATUS",
                    "LAST", "LAST RUN", "REPOSITORY"));
            for (VeeamJob j : jobs) {
                JobState s = states.get(j.id());
                String repo = s != null && s.repositoryName() != null ? s.repositoryName()
                        : repoNames.getOrDefault(j.repositoryId(), j.repositoryId() == null ? "" : j.repositoryId());
                out.println(String.format(Locale.ROOT, "  %-32s %-20s %-10s %-9s %-17s %s", j.name(), j.type(),
                        s == null ? "?" : s.status().name().toLowerCase(Locale.ROOT) + (j.disabled() ? "*" : ""),
                        s == null ? "" : s.lastResult().name().toLowerCase(Locale.ROOT),
                        s == null || s.lastRun() == null ? "" : s.lastRun().format(WHEN), repo));
            }
            out.println();
            out.println("Repositories (" + repos.size() + ")");
            out.println(String.format(Locale.ROOT, "  %-28s %-8s %-24s %12s %12s", "NAME", "ONLINE", "PATH", "FREE GB",
                    "CAPACITY GB"));
            for (RepositoryState r : repos) {
                out.println(String.format(Locale.ROOT, "  %-28s %-8s %-24s %12.1f %12.1f", r.name(),
                        r.online() ? "yes" : "NO", r.path(), r.freeGB(), r.capacityGB()));
            }
            out.println();
            out.println("OK: Respaldo can log in to '" + alias + "' and read its jobs and repositories.");
            return 0;
        } catch (VeeamException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            client.logout();
        }
    }

    private Optional<URI> rawUrl(String alias) {
        try {
            return Optional.of(servers.settings(alias).url());
        } catch (VeeamException e) {
            try {
                return Optional.of(reader.read(alias).url());
            } catch (VeeamConfigurationException e2) {
                return reader.rawUrl(alias);
            }
        }
    }

    private void printCertificate(String alias, URI url) {
        try {
            List<X509Certificate> chain = TlsProbe.certificates(url, Duration.ofSeconds(10));
            if (chain.isEmpty()) {
                out.println("The server presented no certificate.");
                return;
            }
            X509Certificate leaf = chain.get(0);
            String sha = Thumbprints.sha256(leaf);
            out.println("Certificate      SHA-256 " + Thumbprints.withColons(sha));
            out.println("  subject        " + leaf.getSubjectX500Principal().getName());
            out.println("  issuer         " + leaf.getIssuerX500Principal().getName());
            out.println("  valid          " + OffsetDateTime.ofInstant(leaf.getNotBefore().toInstant(), java.time.ZoneOffset.UTC)
                    .format(WHEN) + " to " + OffsetDateTime.ofInstant(leaf.getNotAfter().toInstant(), java.time.ZoneOffset.UTC)
                    .format(WHEN));
            out.println("  To trust exactly this certificate, first compare the thumbprint with the certificate");
            out.println("  installed on the VBR server itself, then set:");
            out.println("    respaldo.veeam." + alias + ".thumbprint=" + sha);
            out.println("  or point respaldo.veeam." + alias + ".truststore at the certificate as a PEM file.");
        } catch (java.io.IOException e) {
            out.println("Could not read the certificate of " + url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 443)
                    + ": " + e.getMessage() + ". Check respaldo.veeam." + alias + ".url and that the server is up.");
        }
    }
}
