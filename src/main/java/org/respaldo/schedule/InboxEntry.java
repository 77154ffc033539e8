package org.respaldo.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;

/**
 * One look at an entry of the inbox, taken without following a symbolic link: what it is,
 * which file (the file key: device and inode), its size and its modification time. Two looks
 * that are {@link #same} saw the same bytes in place, as far as the file system can tell.
 */
public record InboxEntry(Kind kind, Object fileKey, long size, long modified) {

    /** What an inbox entry is. Only a {@link #FILE} is ever opened. */
    public enum Kind {
        /** a regular file */
        FILE,
        DIRECTORY,
        /** a symbolic link (never followed) */
        LINK,
        /** a FIFO (named pipe): opening it would wait for a writer */
        FIFO,
        /** a socket or a device */
        OTHER
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    /** Looks at the entry (lstat); {@link java.nio.file.NoSuchFileException} when it is gone. */
    public static InboxEntry look(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Kind kind;
        if (a.isSymbolicLink()) {
            kind = Kind.LINK;
        } else if (a.isRegularFile()) {
            kind = Kind.FILE;
        } else if (a.isDirectory()) {
            kind = Kind.DIRECTORY;
        } else {
            kind = isFifo(path) ? Kind.FIFO : Kind.OTHER;
        }
        return new InboxEntry(kind, a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
    }

    private static boolean isFifo(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no unix view here: "not a regular file" is all that can be said
        }
    }

    /** Same kind, same file, same size, same modification time. */
    public boolean same(InboxEntry other) {
        return other != null && kind == other.kind && Objects.equals(fileKey, other.fileKey) && size == other.size
                && modified == other.modified;
    }

    /** Whether a name is a schedule file's (.yaml, .yml, .json, any case). */
    public static boolean scheduleName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ScheduleFile.EXTENSIONS.stream().anyMatch(lower::endsWith);
    }
}
