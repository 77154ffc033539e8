package org.respaldo.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A Veeam Backup &amp; Replication REST API server that behaves like the real one (see
 * {@code shared/veeam/API-NOTES.md}): HTTPS only, with a self-signed certificate it creates
 * under {@code <dataDir>/simulator/}; several API revisions; jobs that run through the
 * documented session states; fault injection through {@link #admin()} or {@code /admin/...}.
 */
public final class VeeamSimulator implements AutoCloseable {

    /** Password of {@link #keyStore()} (a throw-away test certificate; not a secret). */
    public static final String KEYSTORE_PASSWORD = SimCertificate.STORE_PASSWORD;

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpsServer server;
    private final ExecutorService executor;
    private final SimCertificate certificate;
    private final SimulatorAdmin admin;
    private final String host;

    private VeeamSimulator(HttpsServer server, ExecutorService executor, SimCertificate certificate, SimulatorAdmin admin, String host) {
        this.server = server;
        this.executor = executor;
        this.certificate = certificate;
        this.admin = admin;
        this.host = host;
    }

    /**
     * Starts a simulator.
     *
     * @throws InventoryException when the inventory file is unusable (the message names the field)
     * @throws IOException        when the port is taken or the certificate cannot be written
     */
    public static VeeamSimulator start(SimulatorOptions options) throws IOException {
        Inventory inventory = options.inventory() == null ? InventoryLoader.demo() : InventoryLoader.load(options.inventory());
        SimCertificate certificate = SimCertificate.loadOrCreate(options.dataDir(), options.host(), options.certificateValidity());
        Set<ApiRevision> accepted = EnumSet.noneOf(ApiRevision.class);
        options.apiVersions().forEach(v -> accepted.add(ApiRevision.find(v).orElseThrow()));
        Datacenter dc = new Datacenter(inventory, options.timeScale());
        Tokens tokens = new Tokens(options.accessTokenTtl());
        SimulatorAdmin admin = new SimulatorAdmin(dc, tokens);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // The JDK server writes the headers and the body of a response separately; with Nagle's
        // algorithm on, the body then waits for the client's delayed ACK (~40 ms per request).
        // The flag is read once per JVM, when the first JDK HTTP server is created.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpsServer server;
        try {
            server = HttpsServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        } catch (java.net.BindException e) {
            throw new IOException("Cannot listen on " + options.host() + ":" + options.port() + " (" + e.getMessage()
                    + "). Another simulator or VBR may be running there; choose another port with --port.", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
        server.createContext("/", new ApiHandler(mapper, dc, tokens, admin, accepted, certificate));
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "veeam-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.start();
        return new VeeamSimulator(server, executor, certificate, admin, options.host());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:<port>} (or the configured host when it is not a wildcard address). */
    public URI baseUri() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
    }

    /** The self-signed certificate in PEM, under {@code <dataDir>/simulator/}. */
    public Path certificatePem() {
        return certificate.pem();
    }

    /** A PKCS12 trust store holding only the certificate; password {@link #KEYSTORE_PASSWORD}. */
    public Path keyStore() {
        return certificate.trustStore();
    }

    /** SHA-256 of the certificate (DER), upper-case hex without colons. */
    public String certificateSha256() {
        return certificate.sha256();
    }

    public SimulatorAdmin admin() {
        return admin;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
