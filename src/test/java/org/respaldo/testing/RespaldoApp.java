package org.respaldo.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.respaldo.Application;

/**
 * The real application started in-process with camel-main (same wiring as {@code java -jar}),
 * for tests that stop and start it again on the same data dir, and for benchmarks.
 */
public final class RespaldoApp implements AutoCloseable {

    private final Main main;
    private final int port;

    private RespaldoApp(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static RespaldoApp start(Path dataDir, int port, Map<String, String> extra) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("respaldo.profile", "test");
        props.put("respaldo.data-dir", dataDir.toString());
        props.put("respaldo.http.port", String.valueOf(port));
        props.put("respaldo.veeam.principal.url", "https://127.0.0.1:9419");
        props.put("respaldo.veeam.principal.username", "respaldo");
        props.put("respaldo.intake.poll-delay-ms", "100");
        // no daily digest in the middle of what a test counts (a test near 07:00 Guatemala time would get one)
        props.put("respaldo.digest.enabled", "false");
        props.putAll(extra);
        Main main = new Main();
        props.forEach(main::addOverrideProperty);
        main.start();
        return new RespaldoApp(main, port);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
