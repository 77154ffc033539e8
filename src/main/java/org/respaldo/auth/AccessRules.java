package org.respaldo.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which paths ask for a login and which permission a request needs: {@code /observe/**} (health, metrics) and
 * {@code /login} are open, so is {@code /demo/**} (the demo's mail page); everything else asks for a login. Under
 * {@code /api}, a read needs {@link Permission#READ} ({@code /api/audit} {@link Permission#READ_AUDIT}); each write
 * its action's permission; a write not named here the Director's ({@link Permission#ADMIN}). A pure function.
 */
public final class AccessRules {

    /** A request is open, or needs a login with this permission. */
    public record Need(boolean open, Permission permission) {
        static final Need OPEN = new Need(true, null);

        static Need login(Permission p) {
            return new Need(false, p);
        }
    }

    private static final Pattern ENABLE = Pattern.compile("^/api/schedules/[^/]+/(enable|disable)/?$");
    private static final Pattern RUN = Pattern.compile("^/api/schedules/[^/]+/run/?$");
    private static final Pattern RERUN = Pattern.compile("^/api/runs/[^/]+/rerun/?$");
    private static final Pattern SIGNOFF = Pattern.compile("^/api/runs/[^/]+/signoff/?$");
    private static final Pattern INBOX = Pattern.compile("^/api/inbox(/validate)?/?$");
    // the console's forms
    private static final Pattern PAGE_ENABLE = Pattern.compile("^/programaciones/[^/]+/(habilitar|deshabilitar)/?$");
    private static final Pattern PAGE_RUN = Pattern.compile("^/programaciones/[^/]+/ejecutar/?$");
    private static final Pattern PAGE_RERUN = Pattern.compile("^/ejecuciones/[^/]+/reintentar/?$");
    private static final Pattern PAGE_INBOX = Pattern.compile("^/bandeja/enviar/?$");
    private static final Pattern PAGE_SIGNOFF = Pattern.compile("^/ejecuciones/[^/]+/conformidad/?$");
    private static final Pattern PAGE_EDITOR = Pattern.compile("^/editor/enviar/?$");

    private AccessRules() {
    }

    public static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    public static Need need(String method, String rawPath) {
        String path = normal(rawPath);
        if (path.equals("/observe") || path.startsWith("/observe/") || path.equals("/login") || path.equals("/demo")
                || path.startsWith("/demo/")) {
            return Need.OPEN;
        }
        if (path.startsWith("/api/audit") || path.startsWith("/auditoria")) {
            return Need.login(isRead(method) ? Permission.READ_AUDIT : Permission.ADMIN);
        }
        if (isRead(method)) {
            return Need.login(Permission.READ);
        }
        if (path.equals("/logout")) {
            return Need.login(Permission.READ);
        }
        return Need.login(writePermission(path).orElse(Permission.ADMIN));
    }

    static Optional<Permission> writePermission(String path) {
        if (ENABLE.matcher(path).matches() || PAGE_ENABLE.matcher(path).matches()) {
            return Optional.of(Permission.ENABLE_DISABLE);
        }
        if (RUN.matcher(path).matches() || PAGE_RUN.matcher(path).matches()) {
            return Optional.of(Permission.RUN_NOW);
        }
        if (RERUN.matcher(path).matches() || PAGE_RERUN.matcher(path).matches()) {
            return Optional.of(Permission.RERUN);
        }
        if (SIGNOFF.matcher(path).matches() || PAGE_SIGNOFF.matcher(path).matches()) {
            return Optional.of(Permission.SIGNOFF);
        }
        if (INBOX.matcher(path).matches() || PAGE_INBOX.matcher(path).matches() || PAGE_EDITOR.matcher(path).matches()) {
            return Optional.of(Permission.UPLOAD);
        }
        return Optional.empty();
    }

    /** The path as the router will route it: no double slashes, no dot segments (never a way around a rule). */
    static String normal(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = path.replaceAll("/{2,}", "/");
        java.util.Deque<String> out = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(seg);
            }
        }
        String n = "/" + String.join("/", out);
        return p.endsWith("/") && !n.equals("/") ? n + "/" : n;
    }
}
