package org.respaldo.health;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.store.Jdbc;
import org.respaldo.store.Once;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.ServerInfo;
import org.respaldo.veeam.Thumbprints;
import org.respaldo.veeam.TlsProbe;
import org.respaldo.veeam.VeeamApiException;
import org.respaldo.veeam.VeeamAuthenticationException;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamException;
import org.respaldo.veeam.VeeamServers;
import org.respaldo.veeam.VeeamTlsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every configured Veeam server (route {@code veeam-health}, every
 * {@code respaldo.veeam.health-interval}): a TLS handshake reads the certificate the server presents
 * (no trust, no credential), an anonymous request shows whether it answers and accepts the configured
 * API revision, a login whether it accepts Respaldo's credentials, then its repositories' free space.
 * Keeps the latest result per server (metrics, health checks) and mails the fallback address once per
 * condition and per cluster: a certificate that ends within {@code certificate-warning}
 * ({@code certificate-expiring:<server>:<notAfter>}) and a repository below {@code repository-low-percent}
 * free ({@code repository-low:<server>:<repository>:<episode start>}; the episode is a row of
 * {@code veeam_condition} kept while the repository stays low, so a repository that recovers and drops
 * again is a new condition). The claim ({@link Once}) and the outbox row are one transaction.
 */
public final class VeeamHealth {

    private static final Logger LOG = LoggerFactory.getLogger(VeeamHealth.class);
    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The settings of the checks. */
    public record Settings(Duration interval, Duration certificateWarning, double repositoryLowPercent, String fallbackAddress,
            String node, Duration downAfter) {
    }

    private final VeeamServers servers;
    private final Settings settings;
    private final HealthMails mails;
    private final Jdbc jdbc;
    private final Clock clock;
    private final Map<String, ServerHealth> latest = new ConcurrentHashMap<>();
    /** Conditions this node has seen start (so that their end is written only when one may exist). */
    private final Map<String, Boolean> lowSeen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> noAddressLogged = new ConcurrentHashMap<>();
    /** Since when each server has been unusable without a break (absent while it is usable). */
    private final Map<String, Instant> unusableSince = new ConcurrentHashMap<>();

    public VeeamHealth(VeeamServers servers, Settings settings, HealthMails mails, DataSource dataSource, Clock clock) {
        this.servers = servers;
        this.settings = settings;
        this.mails = mails;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /** Checks every configured server once, then mails what needs telling. */
    public List<ServerHealth> checkAll() {
        List<ServerHealth> out = new ArrayList<>();
        for (String alias : servers.aliases()) {
            ServerHealth h = check(alias);
            ServerHealth before = latest.put(alias, h);
            out.add(h);
            if (h.up()) {
                unusableSince.remove(alias);
            } else {
                unusableSince.putIfAbsent(alias, h.checkedAt());
            }
            // said when it changes, not at every check
            if (!h.up() && (before == null || before.up() || !java.util.Objects.equals(before.problem(), h.problem()))) {
                LOG.warn("Servidor de Veeam / Veeam server '{}' no disponible / not usable: {}", alias, h.problem());
            } else if (h.up() && before != null && !before.up()) {
                LOG.info("Servidor de Veeam / Veeam server '{}' disponible de nuevo / usable again", alias);
            }
            try {
                conditions(h);
            } catch (RuntimeException e) {
                LOG.warn("Veeam server '{}': its conditions could not be recorded ({}); checked again next time", alias,
                        e.getMessage());
            }
        }
        return out;
    }

    /** The latest result of a server, if it was checked. */
    public Optional<ServerHealth> latest(String alias) {
        return Optional.ofNullable(latest.get(alias));
    }

    /** Since when the server has been unusable without a break; empty while it is usable or not checked yet. */
    public Optional<Instant> unusableSince(String alias) {
        return Optional.ofNullable(unusableSince.get(alias));
    }

    /** The latest result of every checked server. */
    public Map<String, ServerHealth> latest() {
        return Map.copyOf(latest);
    }

    public List<String> aliases() {
        return servers.aliases();
    }

    /** One server, every step; never throws. */
    ServerHealth check(String alias) {
        String api = null;
        VeeamClient client;
        try {
            client = servers.client(alias);
            api = client.apiVersion().toString();
        } catch (VeeamException e) {
            return new ServerHealth(alias, clock.instant(), false, false, false, api, null, null, null, null, List.of(), e.getMessage());
        }
        URI url = client.settings().url();
        Instant notAfter = null;
        String sha = null;
        String subject = null;
        try {
            List<X509Certificate> chain = TlsProbe.certificates(url, client.settings().connectTimeout());
            if (!chain.isEmpty()) {
                notAfter = chain.get(0).getNotAfter().toInstant();
                sha = Thumbprints.sha256(chain.get(0));
                subject = chain.get(0).getSubjectX500Principal().getName();
            }
        } catch (IOException e) {
            return new ServerHealth(alias, clock.instant(), false, false, false, api, null, null, null, null, List.of(),
                    "no TLS answer from " + client.settings().address() + ": " + e.getMessage());
        }
        try {
            client.serverTime();
        } catch (VeeamApiException e) {
            return new ServerHealth(alias, clock.instant(), true, false, false, api, null, notAfter, sha, subject, List.of(),
                    "the server did not accept API revision " + api + " (respaldo.veeam." + alias + ".api-version): "
                            + e.getMessage());
        } catch (VeeamTlsException e) {
            return new ServerHealth(alias, clock.instant(), true, false, false, api, null, notAfter, sha, subject, List.of(),
                    e.getMessage());
        } catch (VeeamException e) {
            return new ServerHealth(alias, clock.instant(), false, false, false, api, null, notAfter, sha, subject, List.of(),
                    e.getMessage());
        }
        ServerInfo info;
        List<RepositoryState> repos;
        try {
            client.login();
        } catch (VeeamAuthenticationException e) {
            return new ServerHealth(alias, clock.instant(), true, true, false, api, null, notAfter, sha, subject, List.of(),
                    "login refused: " + e.getMessage());
        } catch (VeeamException e) {
            return new ServerHealth(alias, clock.instant(), true, true, false, api, null, notAfter, sha, subject, List.of(),
                    e.getMessage());
        }
        try {
            info = client.serverInfo();
            repos = client.repositories();
        } catch (VeeamException e) {
            return new ServerHealth(alias, clock.instant(), true, true, true, api, null, notAfter, sha, subject, List.of(),
                    e.getMessage());
        }
        List<ServerHealth.Repository> rs = new ArrayList<>();
        for (RepositoryState r : repos) {
            rs.add(new ServerHealth.Repository(r.name(), r.path(), Math.round(r.capacityGB() * GIB), Math.round(r.freeGB() * GIB),
                    r.online()));
        }
        return new ServerHealth(alias, clock.instant(), true, true, true, api, info.buildVersion(), notAfter, sha, subject, rs, null);
    }

    private void conditions(ServerHealth h) {
        Instant now = clock.instant();
        if (h.certificateNotAfter() != null && h.certificateNotAfter().isBefore(now.plus(settings.certificateWarning()))) {
            String key = HealthMails.CERTIFICATE_EXPIRING + ":" + h.server() + ":" + h.certificateNotAfter();
            String to = address(key);
            if (to != null) {
                String address = servers.settings(h.server()).address();
                tellOnce(key, mails.certificateExpiring(to, h, address, settings.certificateWarning(), now), now);
            }
        }
        if (!h.loggedIn()) {
            return;
        }
        for (ServerHealth.Repository r : h.repositories()) {
            String subject = HealthMails.REPOSITORY_LOW + ":" + h.server() + ":" + r.name();
            double pct = r.freePercent();
            if (pct < 0 || !r.online()) {
                continue;
            }
            if (pct < settings.repositoryLowPercent()) {
                Instant since = episodeStart(subject, now);
                lowSeen.put(subject, true);
                String key = subject + ":" + since;
                String to = address(key);
                if (to != null) {
                    tellOnce(key, mails.repositoryLow(to, h.server(), r, settings.repositoryLowPercent(), since), now);
                }
            } else if (lowSeen.getOrDefault(subject, true)) {
                // recovered (or not known here yet): the episode ends; a later drop is a new condition
                jdbc.update("ending " + subject, "DELETE FROM veeam_condition WHERE condition_key = ?", subject);
                lowSeen.put(subject, false);
            }
        }
    }

    /** When the condition began (the first node to see it writes it; the others read it). */
    private Instant episodeStart(String subject, Instant now) {
        Instant[] since = new Instant[1];
        jdbc.query("reading " + subject, "SELECT since FROM veeam_condition WHERE condition_key = ?",
                rs -> since[0] = Jdbc.instant(rs, 1), subject);
        if (since[0] != null) {
            return since[0];
        }
        try {
            jdbc.update("starting " + subject, "INSERT INTO veeam_condition (condition_key, since) VALUES (?, ?)", subject,
                    Jdbc.utc(now));
            return now;
        } catch (Jdbc.DataException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            jdbc.query("reading " + subject, "SELECT since FROM veeam_condition WHERE condition_key = ?",
                    rs -> since[0] = Jdbc.instant(rs, 1), subject);
            return since[0] == null ? now : since[0];
        }
    }

    private String address(String key) {
        String to = settings.fallbackAddress();
        if (to == null || to.isBlank()) {
            if (noAddressLogged.putIfAbsent(key, true) == null) {
                LOG.warn("{}: nobody to tell (set respaldo.mail.fallback-address); the condition is in the metrics and the"
                        + " health checks only", key);
            }
            return null;
        }
        return to;
    }

    /** Claims the key and writes the mail in one transaction; false when the key was already taken. */
    boolean tellOnce(String key, Mail mail, Instant now) {
        try {
            boolean told = jdbc.inTransaction("mailing " + key, c -> {
                if (!Once.claim(c, key, now, settings.node(), mail.subject())) {
                    return false;
                }
                Outbox.enqueue(c, mail, false, now);
                return true;
            });
            if (told) {
                LOG.warn("{}: mail to {} in the outbox ({})", key, mail.to(), mail.subject());
            }
            return told;
        } catch (Jdbc.DataException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}
