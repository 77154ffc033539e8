package org.respaldo.sim;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The simulator as the {@code demo} profile embeds it: the demo inventory on 127.0.0.1:9419
 * with real time. The caller owns the returned simulator and closes it on shutdown.
 */
public final class DemoSimulator {

    private DemoSimulator() {
    }

    /** Starts the demo simulator on the default port 9419 with its certificate under {@code dataDir/simulator/}. */
    public static VeeamSimulator startForDemo(Path dataDir) throws IOException {
        return VeeamSimulator.start(SimulatorOptions.defaults(dataDir));
    }

    /** Same, on another port (0 = any free port). */
    public static VeeamSimulator startForDemo(Path dataDir, int port) throws IOException {
        return VeeamSimulator.start(SimulatorOptions.defaults(dataDir).withPort(port));
    }
}
