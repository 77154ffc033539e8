package org.respaldo.web;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.respaldo.json.Json;
import org.respaldo.run.RunStore;

/**
 * {@code GET /api/cluster}: the nodes that share this database, each with its host, when it
 * started, its last heartbeat (the database's clock), the runs it owns now, whether it is alive (a
 * heartbeat younger than failover-after) and, for the node answering, its clock's offset.
 */
public final class ClusterApi {

    private final RunStore store;
    private final String self;
    private final Duration failoverAfter;
    private final LongSupplier clockOffsetMillis;

    public ClusterApi(RunStore store, String self, Duration failoverAfter, LongSupplier clockOffsetMillis) {
        this.store = store;
        this.self = self;
        this.failoverAfter = failoverAfter;
        this.clockOffsetMillis = clockOffsetMillis;
    }

    public String list() {
        Instant now = store.databaseNow();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (RunStore.NodeInfo n : store.nodes()) {
            ObjectNode o = out.addObject();
            o.put("node", n.node());
            o.put("host", n.host());
            o.put("startedAt", Json.time(n.startedAt()));
            o.put("lastCheckin", Json.time(n.lastCheckin()));
            o.put("runs", n.runs());
            o.put("version", n.version());
            o.put("alive", n.lastCheckin() != null && n.lastCheckin().isAfter(now.minus(failoverAfter)));
            o.put("self", n.node().equals(self));
            if (n.node().equals(self)) {
                o.put("clockOffsetMillis", clockOffsetMillis.getAsLong());
            }
        }
        return Json.write(out);
    }
}
