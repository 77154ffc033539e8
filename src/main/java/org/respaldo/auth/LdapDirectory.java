package org.respaldo.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

/**
 * Users and groups from the ministry's directory (LDAP, Active Directory): the user's own password is checked by
 * binding as the user; their groups ({@code memberOf}) are mapped to a role by settings. The user's entry is found
 * either from a pattern ({@code {0}@mineco.local}, {@code uid={0},ou=usuarios,dc=...}) or, with a service account
 * (whose password only comes from the environment), by a search.
 */
public final class LdapDirectory implements Authenticator {

    /**
     * The directory's settings. {@code roleGroups}: for each role, the group DNs (compared without regard to case)
     * whose members have it; a user in several has the first of director, operador, tecnico, auditor.
     */
    public record Config(String url, String userDnPattern, String searchBase, String userFilter, String bindDn,
            String bindPassword, String groupAttribute, Map<Role, List<String>> roleGroups, int timeoutMs) {
    }

    private final Config config;
    private final LDAPURL url;

    public LdapDirectory(Config config) {
        this.config = config;
        try {
            this.url = new LDAPURL(config.url());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("respaldo.auth.ldap.url '" + config.url() + "' is not an LDAP URL (ldap://host:389 or "
                    + "ldaps://host:636): " + e.getMessage(), e);
        }
        if (config.userDnPattern().isBlank() && (config.bindDn().isBlank() || config.searchBase().isBlank())) {
            throw new IllegalArgumentException("the directory needs respaldo.auth.ldap.user-dn-pattern, or respaldo.auth.ldap.bind-dn "
                    + "and respaldo.auth.ldap.user-search-base to find a user's entry");
        }
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(config.timeoutMs());
        options.setResponseTimeoutMillis(config.timeoutMs());
        if ("ldaps".equalsIgnoreCase(url.getScheme())) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
            try {
                return new LDAPConnection(javax.net.ssl.SSLContext.getDefault().getSocketFactory(), options, url.getHost(),
                        url.getPort());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new LDAPException(ResultCode.LOCAL_ERROR, e.getMessage(), e);
            }
        }
        return new LDAPConnection(options, url.getHost(), url.getPort());
    }

    @Override
    public Optional<User> authenticate(String name, String password) throws SourceUnavailableException {
        if (password == null || password.isEmpty()) {
            return Optional.empty(); // an empty password is an anonymous bind, which a directory accepts
        }
        try (LDAPConnection c = connect()) {
            SearchResultEntry entry;
            if (!config.bindDn().isBlank()) {
                c.bind(config.bindDn(), config.bindPassword());
                entry = find(c, name);
                if (entry == null) {
                    return Optional.empty();
                }
                if (!bindsAs(c, entry.getDN(), password)) {
                    return Optional.empty();
                }
                // the service account reads the groups (the user may not read their own entry)
                c.bind(config.bindDn(), config.bindPassword());
                entry = c.getEntry(entry.getDN(), config.groupAttribute());
            } else {
                String dn = config.userDnPattern().replace("{0}", name);
                if (!bindsAs(c, dn, password)) {
                    return Optional.empty();
                }
                entry = config.searchBase().isBlank() ? c.getEntry(dn, config.groupAttribute()) : find(c, name);
            }
            if (entry == null) {
                return Optional.empty();
            }
            return role(entry.getAttributeValues(config.groupAttribute())).map(r -> new User(name, r, "ldap"));
        } catch (LDAPException e) {
            throw new SourceUnavailableException("the directory " + config.url() + " did not answer: " + e.getResultCode() + " "
                    + e.getDiagnosticMessage(), e);
        }
    }

    private boolean bindsAs(LDAPConnection c, String dn, String password) throws LDAPException {
        try {
            BindResult r = c.bind(dn, password);
            return r.getResultCode() == ResultCode.SUCCESS;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX
                    || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw e;
        }
    }

    private SearchResultEntry find(LDAPConnection c, String name) throws LDAPException {
        String filter = config.userFilter().replace("{0}", Filter.encodeValue(name));
        var result = c.search(config.searchBase(), SearchScope.SUB, Filter.create(filter), config.groupAttribute());
        return result.getEntryCount() == 1 ? result.getSearchEntries().get(0) : null;
    }

    /** The role of a user in these groups: the first of director, operador, tecnico, auditor that one maps to. */
    Optional<Role> role(String[] groups) {
        if (groups == null) {
            return Optional.empty();
        }
        List<String> mine = new ArrayList<>();
        for (String g : groups) {
            mine.add(normal(g));
        }
        for (Role r : Role.values()) {
            for (String g : config.roleGroups().getOrDefault(r, List.of())) {
                if (mine.contains(normal(g))) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static String normal(String dn) {
        return dn.replaceAll("\\s*,\\s*", ",").trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String description() {
        return "directory " + config.url();
    }
}
