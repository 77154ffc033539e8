package org.respaldo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for tests, always taken from the operating system (never fixed numbers, so that test
 * runs side by side on one machine do not collide).
 */
public final class Ports {

    public static final String PREFIX = "respaldo.test.port.";

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * A free port published as the system property {@code respaldo.test.port.<key>}, so that the
     * constant properties of a {@code @CamelMainTest} can name it as
     * {@code {{sys:respaldo.test.port.<key>}}}. The same key gives the same port within one JVM.
     */
    public static synchronized int reserve(String key) {
        String existing = System.getProperty(PREFIX + key);
        if (existing != null) {
            return Integer.parseInt(existing);
        }
        int port = free();
        System.setProperty(PREFIX + key, String.valueOf(port));
        return port;
    }
}
