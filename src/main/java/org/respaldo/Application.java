package org.respaldo;

import java.util.Arrays;
import java.util.Locale;

import org.apache.camel.main.Main;
import org.respaldo.config.StartupException;

/**
 * Entry point. Without arguments it starts Respaldo (profile from {@code RESPALDO_PROFILE},
 * default {@code prod}); the first argument may name a tool instead:
 * {@code simulator} (the Veeam simulator on its own), {@code veeam-check} or {@code hash-password} (a bcrypt hash
 * of the password read from standard input, for the users file).
 */
public final class Application {

    public static final String PROFILE_ENV = "RESPALDO_PROFILE";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        // UTF-8 on the console whatever the machine's locale (Spanish messages are never mangled)
        System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8));
        String command = args.length > 0 ? args[0] : "run";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "run" -> System.exit(run(rest));
            case "veeam-check" -> System.exit(org.respaldo.veeam.VeeamCheck.standalone(profile(), rest, System.out, System.err));
            case "simulator" -> System.exit(org.respaldo.sim.SimulatorCommand.run(rest));
            case "hash-password" -> System.exit(org.respaldo.auth.Passwords.command(System.in, System.out, System.err));
            default -> {
                System.err.println("Unknown command '" + command + "'. Commands: run (default), simulator, veeam-check, hash-password.");
                System.exit(2);
            }
        }
    }

    /** The profile this process runs with: {@code demo} or {@code prod} (the default). */
    public static String profile() {
        String value = System.getProperty("respaldo.profile", System.getenv(PROFILE_ENV));
        String profile = value == null || value.isBlank() ? "prod" : value.trim().toLowerCase(Locale.ROOT);
        if (!profile.equals("demo") && !profile.equals("prod")) {
            throw new IllegalArgumentException(
                    PROFILE_ENV + "='" + value + "' is not a profile; use 'demo' or 'prod'.");
        }
        return profile;
    }

    static int run(String[] args) throws Exception {
        String profile = profile();
        Main main = new Main();
        main.configure().setProfile(profile);
        main.addInitialProperty("respaldo.profile", profile);
        // the YAML routes are read as UTF-8 whatever the locale: bound before Camel's route loaders start
        main.bind("utf8SourceLoader", new org.respaldo.config.Utf8SourceLoader());
        try {
            return main.run(args);
        } catch (Exception e) {
            StartupException problem = startupProblem(e);
            if (problem == null) {
                throw e;
            }
            // what to set, not a stack trace
            System.err.println(problem.getMessage());
            return 2;
        }
    }

    static StartupException startupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupException m) {
                return m;
            }
        }
        return null;
    }
}
