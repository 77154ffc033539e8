package org.respaldo.demo;

import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * The demo's directory: an in-memory LDAP server (UnboundID) on a port of the OS's, with the users director,
 * operador, tecnico and auditor (password {@code respaldo-demo}, published: not a secret), each a member of the
 * group of their role, as the ministry's Active Directory would have them ({@code memberOf}).
 */
public final class DemoDirectory implements AutoCloseable {

    public static final String BASE = "dc=mineco,dc=local";
    public static final String PASSWORD = "respaldo-demo";
    public static final List<String> USERS = List.of("director", "operador", "tecnico", "auditor");

    private final InMemoryDirectoryServer server;

    private DemoDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    public static String userDn(String user) {
        return "uid=" + user + ",ou=usuarios," + BASE;
    }

    public static String groupDn(String role) {
        return "cn=respaldo-" + role + ",ou=grupos," + BASE;
    }

    /** Starts on host, port 0 or a given one. */
    public static DemoDirectory start(String host, int port) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(), port,
                null));
        config.setSchema(null); // memberOf is kept as written (the demo has no overlay to compute it)
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add(new Entry(BASE, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "domain"),
                new com.unboundid.ldap.sdk.Attribute("dc", "mineco")));
        server.add(new Entry("ou=usuarios," + BASE, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "organizationalUnit")));
        server.add(new Entry("ou=grupos," + BASE, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "organizationalUnit")));
        for (String user : USERS) {
            server.add(new Entry(groupDn(user), new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "groupOfNames"),
                    new com.unboundid.ldap.sdk.Attribute("member", userDn(user))));
            server.add(new Entry(userDn(user), new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "inetOrgPerson"),
                    new com.unboundid.ldap.sdk.Attribute("uid", user), new com.unboundid.ldap.sdk.Attribute("cn", user),
                    new com.unboundid.ldap.sdk.Attribute("sn", user), new com.unboundid.ldap.sdk.Attribute("mail", user + "@mineco.local"),
                    new com.unboundid.ldap.sdk.Attribute("userPassword", PASSWORD),
                    new com.unboundid.ldap.sdk.Attribute("memberOf", groupDn(user))));
        }
        server.startListening();
        return new DemoDirectory(server);
    }

    public int port() {
        return server.getListenPort();
    }

    public String url() {
        return "ldap://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
