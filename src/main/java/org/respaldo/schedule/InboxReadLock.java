package org.respaldo.schedule;

import java.io.File;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * The inbox's read lock: decides at each poll, without ever waiting, whether an entry is
 * <em>settled</em> (seen unchanged — same file, size and modification time, looked at without
 * following links — for at least {@code minAge} by this process's clock), <em>still
 * changing</em> (skipped this poll; the others go on), or <em>given up on</em> (it has kept
 * changing for longer than {@code maxSettle}: handed over so that it is rejected with that
 * reason). The history is kept in memory per path; a restart simply looks again.
 *
 * <p>What the intake decides after reading can hold an entry back: {@link #lookAgainAfter}
 * (it changed while it was read, or a rejection is to be confirmed by a second read) and
 * {@link #stuck} (it could not be moved: not handed over again until it changes, so that it is
 * reported once, not at every poll).
 *
 * <p>Usable as any camel-file read lock ({@code exclusiveReadLockStrategy}); the timeout, check
 * interval and marker-file options do not apply to it (it never waits and writes nothing).
 */
public final class InboxReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    /** Exchange property: the {@link InboxEntry} seen settled (or given up on). */
    public static final String LOOK = "RespaldoInboxLook";
    /** Exchange property: how long the entry kept changing ({@link Duration}) when it was given up on. */
    public static final String UNSETTLED = "RespaldoInboxUnsettled";
    /** Exchange property: the SHA-256 of this very state when an earlier read found it invalid (a rejection to confirm). */
    public static final String SUSPECT = "RespaldoInboxSuspect";

    private static final class Seen {
        InboxEntry look;
        long since;
        final long first;
        long lastSeen;
        long notBefore;
        String suspect;
        boolean stuck;

        Seen(InboxEntry look, long now) {
            this.look = look;
            this.since = now;
            this.first = now;
            this.lastSeen = now;
        }
    }

    private final Clock clock;
    private final long minAge;
    private final long maxSettle;
    private final long forgetAfter;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile long lastPrune;

    public InboxReadLock(Clock clock, Duration minAge, Duration maxSettle) {
        this.clock = clock;
        this.minAge = minAge.toMillis();
        this.maxSettle = maxSettle.toMillis();
        this.forgetAfter = Math.max(60_000, 10 * this.minAge);
    }

    public Duration minAge() {
        return Duration.ofMillis(minAge);
    }

    public Duration maxSettle() {
        return Duration.ofMillis(maxSettle);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        Path path = file.getFile().toPath();
        Decision d = decide(path);
        if (d.look == null) {
            return false;
        }
        exchange.setProperty(LOOK, d.look);
        if (d.unsettled != null) {
            exchange.setProperty(UNSETTLED, d.unsettled);
        }
        if (d.suspect != null) {
            exchange.setProperty(SUSPECT, d.suspect);
        }
        return true;
    }

    /** What one look decided: null look = not now. */
    record Decision(InboxEntry look, Duration unsettled, String suspect) {
        static final Decision NOT_NOW = new Decision(null, null, null);
    }

    Decision decide(Path path) {
        long now = clock.millis();
        prune(now);
        String key = path.toAbsolutePath().toString();
        InboxEntry look;
        try {
            look = InboxEntry.look(path);
        } catch (NoSuchFileException gone) {
            seen.remove(key);
            return Decision.NOT_NOW;
        } catch (IOException e) {
            return Decision.NOT_NOW; // the folder itself cannot be read: the listing says so
        }
        Seen s = seen.get(key);
        if (s == null) {
            s = new Seen(look, now);
            seen.put(key, s);
        } else if (!s.look.same(look)) {
            s.look = look;
            s.since = now;
            s.notBefore = 0;
            s.suspect = null;
            s.stuck = false;
        }
        s.lastSeen = now;
        if (s.stuck || now < s.notBefore) {
            return Decision.NOT_NOW;
        }
        if (now - s.since >= minAge) {
            return new Decision(look, null, s.suspect);
        }
        if (now - s.first >= maxSettle) {
            return new Decision(look, Duration.ofMillis(now - s.first), null);
        }
        return Decision.NOT_NOW;
    }

    /**
     * Not handed over again before {@code delay} has passed, unless it changes first (then it
     * must settle again). {@code suspectSha} (may be null): the SHA-256 of the bytes an invalid
     * read found, so that the next read of the same state confirms the rejection.
     */
    public void lookAgainAfter(Path path, InboxEntry look, Duration delay, String suspectSha) {
        Seen s = seen.get(path.toAbsolutePath().toString());
        if (s != null && s.look.same(look)) {
            s.notBefore = clock.millis() + delay.toMillis();
            s.suspect = suspectSha;
        }
    }

    /** Could not be moved: not handed over again while it stays as it is. */
    public void stuck(Path path, InboxEntry look) {
        Seen s = seen.get(path.toAbsolutePath().toString());
        if (s != null && (look == null || s.look.same(look))) {
            s.stuck = true;
        }
    }

    /** Done with it (moved away). */
    public void forget(Path path) {
        seen.remove(path.toAbsolutePath().toString());
    }

    /** Entries remembered (for tests and the benchmark: the history does not grow without bound). */
    int remembered() {
        return seen.size();
    }

    /** Forgets entries not looked at for a while (gone from the inbox without being processed). */
    private void prune(long now) {
        if (now - lastPrune < forgetAfter) {
            return;
        }
        lastPrune = now;
        seen.values().removeIf(s -> now - s.lastSeen > forgetAfter);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // used as a plain read lock (camel's move strategy): the file has been moved away
        if (!file.getFile().exists() && !java.nio.file.Files.isSymbolicLink(file.getFile().toPath())) {
            forget(file.getFile().toPath());
        }
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // nothing held: the history stays, the next poll looks again
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // nothing held: the file stays where it is and is looked at again at the next poll
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // nothing to clean up: this read lock writes nothing
    }

    @Override
    public void setTimeout(long timeout) {
        // never waits
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // the poll interval is the check interval
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // logs nothing
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // writes no marker files
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // writes no lock files
    }
}
