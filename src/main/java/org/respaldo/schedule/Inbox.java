package org.respaldo.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The inbox folder and the places its files go ({@code .accepted/<id>/}, {@code .rejected/},
 * {@code .failed/}, each with a UTC stamp before the name). Moves never follow a symbolic link
 * (a link is moved as a link) and never replace an existing file; a reason file is written
 * exactly at its name (no separator in a file name is ever read as a folder).
 */
public final class Inbox {

    /** The longest file name most file systems take, in bytes. */
    static final int NAME_MAX = 255;
    static final String REASON_SUFFIX = ".reason.txt";

    private final Path dir;

    public Inbox(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * The archive path (relative to the inbox) of a file called {@code name} going to
     * {@code folder} (".rejected", ".failed", ".accepted/<id>") at {@code at}. A name too long
     * to take the stamp and the reason suffix is shortened in the middle (its start and its
     * extension kept); the original name stays in the reason file and in the history.
     */
    public static String archive(String folder, Instant at, String name) {
        String prefix = ScheduleIntake.STAMP.format(at) + "-";
        int room = NAME_MAX - utf8(prefix) - utf8(REASON_SUFFIX);
        return folder + "/" + prefix + fit(name, room);
    }

    static String fit(String name, int maxBytes) {
        if (utf8(name) <= maxBytes) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && utf8(name.substring(dot)) <= 16 ? name.substring(dot) : "";
        String mark = "…";
        int keep = maxBytes - utf8(ext) - utf8(mark);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() - ext.length(); ) {
            int cp = name.codePointAt(i);
            String c = new String(Character.toChars(cp));
            if (utf8(b.toString()) + utf8(c) > keep) {
                break;
            }
            b.append(c);
            i += Character.charCount(cp);
        }
        return b + mark + ext;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A path inside the inbox from a relative archive path; refuses anything that would leave it. */
    public Path resolve(String relative) {
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            throw new IllegalArgumentException("not a path inside the inbox: " + relative);
        }
        return p;
    }

    /** Moves an entry (a link as a link) to its archive path; never replaces an existing file. */
    public Path move(Path entry, String archive) throws IOException {
        Path target = resolve(archive);
        Files.createDirectories(target.getParent());
        return Files.move(entry, target);
    }

    /** Writes a reason file (UTF-8) at its exact name; never replaces an existing file. */
    public void writeReason(String reasonFile, byte[] text) throws IOException {
        Path target = resolve(reasonFile);
        Files.createDirectories(target.getParent());
        Files.write(target, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
