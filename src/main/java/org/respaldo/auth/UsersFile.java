package org.respaldo.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file ({@code respaldo.auth.users-file}): one {@code user:role:bcrypt-hash} a line, {@code #} comments
 * and blank lines ignored. Read again when it changes (a user added or removed needs no restart); a wrong line is
 * named in the log (never its hash) and logs nobody in.
 */
public final class UsersFile implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

    record Entry(String name, Role role, String hash) {
    }

    private static final String DUMMY = Passwords.hash("respaldo-dummy");

    private final Path file;
    private volatile Map<String, Entry> users = Map.of();
    private volatile FileTime readAt;

    public UsersFile(Path file) {
        this.file = file;
        reloadIfChanged();
    }

    /** Every problem of the file's lines ("line 3: ..."); empty when all are good. */
    public static List<String> problems(List<String> lines, Map<String, Entry> into) {
        List<String> problems = new java.util.ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length != 3 || parts[0].isBlank()) {
                problems.add("line " + n + ": not user:role:bcrypt-hash");
                continue;
            }
            Optional<Role> role = Role.parse(parts[1]);
            if (role.isEmpty()) {
                problems.add("line " + n + ": role '" + parts[1] + "' is not director, operador, tecnico or auditor");
                continue;
            }
            if (!parts[2].startsWith("$2")) {
                problems.add("line " + n + ": the password is not a bcrypt hash (make one with: java -jar respaldo.jar hash-password)");
                continue;
            }
            into.put(parts[0].strip(), new Entry(parts[0].strip(), role.get(), parts[2].strip()));
        }
        return problems;
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readAt)) {
                return;
            }
            Map<String, Entry> read = new LinkedHashMap<>();
            for (String p : problems(Files.readAllLines(file, StandardCharsets.UTF_8), read)) {
                LOG.warn("Users file {}: {}", file, p);
            }
            users = Map.copyOf(read);
            readAt = modified;
            LOG.info("Users file {}: {} user(s)", file, read.size());
        } catch (IOException e) {
            throw new UncheckedIOException("the users file " + file + " (respaldo.auth.users-file) cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<User> authenticate(String name, String password) throws SourceUnavailableException {
        try {
            reloadIfChanged();
        } catch (UncheckedIOException e) {
            throw new SourceUnavailableException(e.getMessage(), e);
        }
        Entry e = users.get(name);
        if (e == null) {
            // the same work as for a known user: the time does not tell who exists
            Passwords.matches(password, DUMMY);
            return Optional.empty();
        }
        return Passwords.matches(password, e.hash()) ? Optional.of(new User(e.name(), e.role(), "file")) : Optional.empty();
    }

    @Override
    public String description() {
        return "users file " + file;
    }
}
