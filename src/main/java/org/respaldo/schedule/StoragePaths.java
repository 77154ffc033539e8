package org.respaldo.schedule;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Repository paths as Veeam reports them: Windows ({@code D:\Backups}, {@code \\nas\share})
 * or POSIX ({@code /backups}). Used to check a schedule's {@code storage.path} and to compare
 * it with what Veeam says (procedure step 5).
 */
public final class StoragePaths {

    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*|^[A-Za-z]:$");
    private static final Pattern UNC = Pattern.compile("^\\\\\\\\[^\\\\/]+[\\\\/][^\\\\/]+.*");

    private StoragePaths() {
    }

    public static boolean isWindows(String path) {
        return WINDOWS_DRIVE.matcher(path).matches() || UNC.matcher(path).matches();
    }

    /** {es, en} text of what is wrong with a path, if anything. */
    public static Optional<String[]> problem(String path) {
        if (path.isBlank()) {
            return Optional.of(new String[] {"no puede estar en blanco", "must not be blank"});
        }
        if (!isWindows(path) && !path.startsWith("/")) {
            return Optional.of(new String[] {
                "\"" + path + "\" debe ser una ruta absoluta de Windows (D:\\Backups, \\\\servidor\\recurso) o POSIX (/backups)",
                "\"" + path + "\" must be an absolute Windows (D:\\Backups, \\\\server\\share) or POSIX (/backups) path"});
        }
        for (String segment : path.split("[\\\\/]")) {
            if (segment.equals("..")) {
                return Optional.of(new String[] {"\"" + path + "\" no puede contener el segmento \"..\"",
                    "\"" + path + "\" must not contain a \"..\" segment"});
            }
        }
        return Optional.empty();
    }

    /**
     * The path in a form fit for comparison: separators unified, repeated and trailing
     * separators removed, and upper-cased for Windows paths (which are case-insensitive).
     */
    public static String normalise(String path) {
        if (path == null) {
            return "";
        }
        String p = path.trim();
        if (isWindows(p)) {
            boolean unc = p.startsWith("\\\\") || p.startsWith("//");
            String body = p.replace('/', '\\').replaceAll("\\\\+", "\\\\");
            body = body.replaceAll("\\\\\\.(?=\\\\|$)", "");
            if (body.endsWith("\\") && body.length() > 3) {
                body = body.substring(0, body.length() - 1);
            }
            return ((unc ? "\\" : "") + body).toUpperCase(Locale.ROOT);
        }
        String body = p.replaceAll("/+", "/").replaceAll("/\\.(?=/|$)", "");
        return body.length() > 1 && body.endsWith("/") ? body.substring(0, body.length() - 1) : body;
    }

    public static boolean same(String a, String b) {
        return normalise(a).equals(normalise(b));
    }
}
