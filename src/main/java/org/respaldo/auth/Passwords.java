package org.respaldo.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCrypt;

/** Bcrypt hashes for the users file, and the {@code hash-password} command. */
public final class Passwords {

    /** bcrypt's cost: 2^10 rounds (about 0.1 s on one core; a login is rare, a guess costly) */
    static final int COST = 10;

    private Passwords() {
    }

    public static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(COST));
    }

    /** False also for a malformed hash (a wrong line in the users file logs nobody in). */
    public static boolean matches(String password, String hash) {
        try {
            return hash != null && hash.startsWith("$2") && BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * {@code java -jar respaldo.jar hash-password}: reads one password from standard input (the first line) and
     * prints its bcrypt hash, for a line {@code user:role:hash} of the users file.
     */
    public static int command(InputStream in, PrintStream out, PrintStream err) throws IOException {
        if (System.console() != null && in == System.in) {
            err.print("Contraseña / password: ");
            char[] typed = System.console().readPassword();
            if (typed == null || typed.length == 0) {
                err.println("no password read");
                return 2;
            }
            out.println(hash(new String(typed)));
            return 0;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            err.println("hash-password reads the password from standard input (one line); none was given");
            return 2;
        }
        out.println(hash(line));
        return 0;
    }
}
