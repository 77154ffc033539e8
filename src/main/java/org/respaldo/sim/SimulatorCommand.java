package org.respaldo.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar respaldo.jar simulator [--port N] [--inventory FILE] [--data-dir DIR] [--time-scale X] [--certificate-days N]}:
 * runs the Veeam simulator on its own until the process is stopped.
 */
public final class SimulatorCommand {

    private SimulatorCommand() {
    }

    /** Returns the process exit code: 2 for bad arguments, 1 when the simulator cannot start; otherwise it blocks. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Usage: simulator [--port N] [--inventory FILE] [--data-dir DIR] [--time-scale X] [--certificate-days N]");
            return 2;
        }
        VeeamSimulator simulator;
        try {
            simulator = VeeamSimulator.start(options);
        } catch (java.io.IOException e) {
            err.println("The Veeam simulator could not start: " + e.getMessage());
            return 1;
        }
        out.println("Veeam VBR REST simulator listening on " + simulator.baseUri()
                + " (x-api-version " + String.join(", ", new java.util.TreeSet<>(options.apiVersions())) + ")");
        out.println("  certificate SHA-256: " + simulator.certificateSha256());
        out.println("  certificate PEM:     " + simulator.certificatePem());
        out.println("  trust store:         " + simulator.keyStore() + " (PKCS12, password " + VeeamSimulator.KEYSTORE_PASSWORD + ")");
        out.println("  inventory:           " + (options.inventory() == null ? "built-in demo (user 'respaldo', password in the demo inventory: respaldo-demo)"
                : options.inventory()));
        out.println("  admin:               " + simulator.baseUri() + "/admin/requests");
        out.println("  time scale:          " + options.timeScale());
        out.println("Stop with Ctrl+C.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "veeam-sim-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static SimulatorOptions parse(String[] args) {
        SimulatorOptions options = SimulatorOptions.defaults(Path.of("data"));
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + name + " needs a value.");
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> options = options.withPort(number(name, value));
                case "--inventory" -> options = options.withInventory(Path.of(value));
                case "--data-dir" -> options = options.withDataDir(Path.of(value));
                case "--host" -> options = options.withHost(value);
                case "--time-scale" -> {
                    try {
                        options = options.withTimeScale(Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--time-scale '" + value + "' is not a number; write e.g. 60");
                    }
                }
                case "--certificate-days" -> options = options.withCertificateValidity(java.time.Duration.ofDays(number(name, value)));
                case "--api-versions" -> options = options.withApiVersions(java.util.Set.of(value.split(",")));
                default -> throw new IllegalArgumentException("Unknown option '" + name + "'.");
            }
        }
        return options;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number.");
        }
    }
}
