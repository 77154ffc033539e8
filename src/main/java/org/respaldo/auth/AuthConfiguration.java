package org.respaldo.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.respaldo.audit.AuditTrail;
import org.respaldo.config.Settings;
import org.respaldo.config.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's logins: the users file and the directory (settings {@code respaldo.auth.*}), the lockout, the
 * sessions and the gate ({@link AuthGate}) put first on the HTTP server's router, so that it sees every request to
 * every route, those added later too. Listed after {@code DemoConfiguration} (which points
 * the directory settings at its embedded directory) and after {@code RespaldoConfiguration} (the audit trail).
 */
@Configuration
public class AuthConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AuthConfiguration.class);
    public static final String LDAP_BIND_PASSWORD_ENV = "RESPALDO_AUTH_LDAP_BIND_PASSWORD";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = java.util.Optional.ofNullable(context.getRegistry().lookupByNameAndType("clock", Clock.class))
                .orElse(Clock.systemUTC());
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        List<Authenticator> sources = sources(settings);
        AuthGate gate = new AuthGate(sources, new LoginGuard(clock, settings.getInt("respaldo.auth.max-failures", 5),
                settings.duration("respaldo.auth.lockout", Duration.ofMinutes(15))),
                new Sessions(clock, settings.duration("respaldo.auth.session-idle", Duration.ofMinutes(30))), audit, clock,
                settings.getBoolean("respaldo.auth.cookie-secure", false));
        context.getRegistry().bind("authGate", gate);
        if (sources.isEmpty()) {
            // only outside prod (RequiredSettings stops prod without a source)
            LOG.warn("No authentication source (respaldo.auth.users-file, respaldo.auth.ldap.url): the console and /api are open"
                    + " to whoever reaches the port, as the user 'anonimo' with the role director (profile {}; prod refuses to"
                    + " start like this)", settings.profile());
        } else {
            LOG.info("Console logins: {}", String.join(", ", sources.stream().map(Authenticator::description).toList()));
        }
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                install(ctx, gate);
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
            }
        });
    }

    /** The configured sources: the users file first, then the directory. */
    static List<Authenticator> sources(Settings settings) {
        List<Authenticator> sources = new ArrayList<>();
        String file = settings.get("respaldo.auth.users-file", "").trim();
        if (!file.isEmpty()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new StartupException("respaldo.auth.users-file: " + path.toAbsolutePath() + " cannot be read (one line per user: "
                        + "user:role:bcrypt-hash; java -jar respaldo.jar hash-password makes the hash)");
            }
            sources.add(new UsersFile(path));
        }
        String url = settings.get("respaldo.auth.ldap.url", "").trim();
        if (!url.isEmpty()) {
            Map<Role, List<String>> groups = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                String v = settings.get("respaldo.auth.ldap.group." + r.id(), "");
                groups.put(r, Arrays.stream(v.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            }
            try {
                sources.add(new LdapDirectory(new LdapDirectory.Config(url, settings.get("respaldo.auth.ldap.user-dn-pattern", "").trim(),
                        settings.get("respaldo.auth.ldap.user-search-base", "").trim(),
                        settings.get("respaldo.auth.ldap.user-filter", "(sAMAccountName={0})").trim(),
                        settings.get("respaldo.auth.ldap.bind-dn", "").trim(), settings.env(LDAP_BIND_PASSWORD_ENV).orElse(""),
                        settings.get("respaldo.auth.ldap.group-attribute", "memberOf").trim(), groups,
                        settings.getInt("respaldo.auth.ldap.timeout-ms", 5000))));
            } catch (IllegalArgumentException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }
        return sources;
    }

    /** What prod needs of this room: a source, and the service account's password when one is named. */
    public static List<String> missing(Settings settings) {
        List<String> missing = new ArrayList<>();
        if (settings.get("respaldo.auth.users-file", "").isBlank() && settings.get("respaldo.auth.ldap.url", "").isBlank()) {
            missing.add("respaldo.auth.ldap.url or respaldo.auth.users-file (who may log in to the console and the API: the "
                    + "ministry's directory, e.g. RESPALDO_AUTH_LDAP_URL=ldaps://dc01.mineco.local:636, or a users file of "
                    + "user:role:bcrypt-hash lines, e.g. RESPALDO_AUTH_USERS_FILE=/etc/respaldo/users)");
        }
        if (!settings.get("respaldo.auth.ldap.bind-dn", "").isBlank() && settings.env(LDAP_BIND_PASSWORD_ENV).isEmpty()) {
            missing.add(LDAP_BIND_PASSWORD_ENV + " (environment variable: the password of respaldo.auth.ldap.bind-dn)");
        }
        return missing;
    }

    /** Puts the gate first on the main HTTP server's router (the one the server hands every request to). */
    static boolean install(CamelContext context, AuthGate gate) {
        VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
        if (router == null) {
            LOG.info("No HTTP server: nothing for the login gate to guard");
            return false;
        }
        io.vertx.ext.web.Router top = null;
        try {
            java.lang.reflect.Field f = router.getServer().getClass().getDeclaredField("router");
            f.setAccessible(true);
            top = (io.vertx.ext.web.Router) f.get(router.getServer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the server's own router is a private field (read as HttpErrors does); without it, start-up must stop
            throw new StartupException("the login gate cannot find the HTTP server's router (" + e + "); the console would be open", e);
        }
        top.route().order(Integer.MIN_VALUE).handler(gate);
        return true;
    }
}
