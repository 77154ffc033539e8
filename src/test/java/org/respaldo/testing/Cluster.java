package org.respaldo.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A cluster as operators run one: N Respaldo JVMs (the jar) on one PostgreSQL database of its own
 * (created here, dropped on close), one shared inbox folder, each node with its own data dir
 * (reports) and HTTP port, all against one simulator process. Nodes start side by side (the first
 * start of a version migrates the database once, whoever gets there first).
 */
public final class Cluster implements AutoCloseable {

    private final Path dir;
    private final Databases.PgDatabase db;
    private final List<Node> nodes = new ArrayList<>();

    private static final class Node {
        final String name;
        final Map<String, String> settings;
        AppProcess app;
        int starts;

        Node(String name, Map<String, String> settings) {
            this.name = name;
            this.settings = settings;
        }
    }

    private Cluster(Path dir, Databases.PgDatabase db) {
        this.dir = dir;
        this.db = db;
    }

    /** Starts {@code n} nodes named nodo-a, nodo-b, ... with the test defaults and {@code more}, and waits until all are UP. */
    public static Cluster start(Path dir, SimProcess sim, int smtp, int n, Map<String, String> more) {
        Databases.PgDatabase db = Databases.postgresDatabase();
        Cluster c = new Cluster(dir, db);
        try {
            for (int i = 0; i < n; i++) {
                String name = "nodo-" + (char) ('a' + i);
                Map<String, String> s = new LinkedHashMap<>(AppProcess.defaults(dir.resolve(name), Ports.free(), sim, smtp));
                s.put("respaldo.db.url", db.url());
                s.put("respaldo.db.user", Databases.PG_USER);
                s.put("respaldo.intake.dir", c.inbox().toAbsolutePath().toString());
                s.put("respaldo.cluster.node-name", name);
                s.putAll(more);
                c.nodes.add(new Node(name, s));
            }
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    started.add(pool.submit(() -> c.restart(k)));
                }
                for (Future<?> f : started) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getCause() == null ? e : e.getCause());
        }
    }

    /** The folder every node watches. */
    public Path inbox() {
        return dir.resolve("inbox");
    }

    public int size() {
        return nodes.size();
    }

    public String name(int i) {
        return nodes.get(i).name;
    }

    public AppProcess node(int i) {
        return nodes.get(i).app;
    }

    public int indexOf(String nodeName) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name.equals(nodeName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node " + nodeName);
    }

    /** A node that is alive, other than {@code except} (-1: any). */
    public AppProcess other(int except) {
        for (int i = 0; i < nodes.size(); i++) {
            if (i != except && nodes.get(i).app != null && nodes.get(i).app.alive()) {
                return nodes.get(i).app;
            }
        }
        throw new IllegalStateException("no node alive");
    }

    /** (Re)starts node {@code i} on its data dir, logging to a new file; waits until it is UP. */
    public AppProcess restart(int i) {
        Node n = nodes.get(i);
        n.app = AppProcess.start(n.settings, Map.of(), dir.resolve(n.name + "-" + (++n.starts) + ".log"));
        return n.app;
    }

    public void kill9(int i) {
        nodes.get(i).app.kill9();
    }

    /** The runs of a schedule as node {@code i} answers. */
    public JsonNode runs(int i, String scheduleId) {
        return Http.get(node(i).url("/api/runs?schedule=" + scheduleId + "&limit=100")).json();
    }

    /** Everything every node logged so far (all its starts). */
    public String log(int i) {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= nodes.get(i).starts; k++) {
            try {
                b.append(java.nio.file.Files.readString(dir.resolve(nodes.get(i).name + "-" + k + ".log")));
            } catch (java.io.IOException e) {
                // not written yet
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.app != null) {
                n.app.close();
            }
        }
        db.close();
    }
}
