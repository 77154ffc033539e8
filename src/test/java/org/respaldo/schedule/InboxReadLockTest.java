package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.testing.HandClock;
import org.respaldo.testing.LogLines;

/**
 * The inbox's read lock and process strategy on a real folder with a clock the test moves:
 * settled / still changing / given up, never a wait; what the intake asks (look again later,
 * could not be moved) holds an entry back exactly as long as it stays the same.
 */
class InboxReadLockTest {

    static final Duration MIN_AGE = Duration.ofSeconds(1);
    static final Duration MAX_SETTLE = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    final HandClock clock = new HandClock("2026-11-23T12:00:00Z");
    final InboxReadLock lock = new InboxReadLock(clock, MIN_AGE, MAX_SETTLE);
    CamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Exchange exchange() {
        return new DefaultExchange(camel);
    }

    private boolean acquire(Path p, Exchange e) throws Exception {
        GenericFile<File> gf = FileConsumer.asGenericFile(dir.toString(), p.toFile(), null, false);
        return lock.acquireExclusiveReadLock(null, gf, e);
    }

    private boolean acquire(Path p) throws Exception {
        return acquire(p, exchange());
    }

    @Test
    void aFileIsSettledOnceSeenUnchangedForMinAgeByThisClock() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "version: 1\n");
        // an old modification time does not count: only what this process saw
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(acquire(f)).as("first look").isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(acquire(f)).isFalse();
        clock.advance(Duration.ofMillis(1));
        Exchange e = exchange();
        assertThat(acquire(f, e)).isTrue();
        InboxEntry look = e.getProperty(InboxReadLock.LOOK, InboxEntry.class);
        assertThat(look.kind()).isEqualTo(InboxEntry.Kind.FILE);
        assertThat(look.size()).isEqualTo(11);
        assertThat(e.getProperty(InboxReadLock.UNSETTLED)).isNull();
    }

    @Test
    void aChangeStartsTheAgeAgainAndAFileThatNeverSettlesIsGivenUpOnAfterMaxSettle() throws Exception {
        Path f = dir.resolve("b.yaml");
        for (int i = 0; i < 299; i++) {
            Files.writeString(f, "x".repeat(i + 1));
            assertThat(acquire(f)).as("changed %d s after first seen", i).isFalse();
            clock.advance(Duration.ofSeconds(1).minusMillis(1));
        }
        clock.advance(Duration.ofSeconds(2));
        Files.writeString(f, "still changing");
        Exchange e = exchange();
        assertThat(acquire(f, e)).as("given up on").isTrue();
        assertThat(e.getProperty(InboxReadLock.UNSETTLED, Duration.class)).isGreaterThan(MAX_SETTLE);
    }

    @Test
    void aReplacedFileIsANewFileEvenWithTheSameSizeAndTime() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "aaaa");
        FileTime t = Files.getLastModifiedTime(f);
        assertThat(acquire(f)).isFalse();
        clock.advance(Duration.ofMillis(900));
        Path other = Files.writeString(dir.resolve(".c.part"), "bbbb");
        Files.setLastModifiedTime(other, t);
        Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        clock.advance(Duration.ofMillis(200));
        assertThat(acquire(f)).as("another file (inode) under the same name: it must settle itself").isFalse();
        clock.advance(MIN_AGE);
        assertThat(acquire(f)).isTrue();
    }

    @Test
    void lookAgainAfterHoldsBackTheSameStateOnlyAndKeepsTheSuspect() throws Exception {
        Path f = Files.writeString(dir.resolve("d.yaml"), "id: [");
        acquire(f);
        clock.advance(MIN_AGE);
        Exchange e = exchange();
        assertThat(acquire(f, e)).isTrue();
        InboxEntry look = e.getProperty(InboxReadLock.LOOK, InboxEntry.class);
        lock.lookAgainAfter(f, look, MIN_AGE, "sha-of-the-invalid-read");
        assertThat(acquire(f)).isFalse();
        clock.advance(MIN_AGE.minusMillis(1));
        assertThat(acquire(f)).isFalse();
        clock.advance(Duration.ofMillis(1));
        Exchange again = exchange();
        assertThat(acquire(f, again)).isTrue();
        assertThat(again.getProperty(InboxReadLock.SUSPECT)).isEqualTo("sha-of-the-invalid-read");

        // a change forgets both the hold and the suspect
        lock.lookAgainAfter(f, look, Duration.ofHours(1), "sha-of-the-invalid-read");
        Files.writeString(f, "id: [a]\n");
        assertThat(acquire(f)).isFalse();
        clock.advance(MIN_AGE);
        Exchange changed = exchange();
        assertThat(acquire(f, changed)).isTrue();
        assertThat(changed.getProperty(InboxReadLock.SUSPECT)).isNull();
    }

    @Test
    void anEntryThatCouldNotBeMovedIsNotHandedOverAgainUntilItChanges() throws Exception {
        Path f = Files.writeString(dir.resolve("e.yaml"), "one");
        acquire(f);
        clock.advance(MIN_AGE);
        Exchange e = exchange();
        assertThat(acquire(f, e)).isTrue();
        lock.stuck(f, e.getProperty(InboxReadLock.LOOK, InboxEntry.class));
        clock.advance(Duration.ofHours(1));
        assertThat(acquire(f)).isFalse();
        Files.writeString(f, "two");
        assertThat(acquire(f)).isFalse();
        clock.advance(MIN_AGE);
        assertThat(acquire(f)).isTrue();
    }

    @Test
    void linksFifosAndGoneFilesAreLookedAtWithoutFollowingOrOpening() throws Exception {
        Path target = Files.writeString(dir.resolve("target.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l.yaml"), target);
        Path dangling = Files.createSymbolicLink(dir.resolve("d.yaml"), dir.resolve("nothing"));
        acquire(link);
        acquire(dangling);
        clock.advance(MIN_AGE);
        Exchange e = exchange();
        assertThat(acquire(link, e)).isTrue();
        assertThat(e.getProperty(InboxReadLock.LOOK, InboxEntry.class).kind()).isEqualTo(InboxEntry.Kind.LINK);
        Exchange d = exchange();
        assertThat(acquire(dangling, d)).isTrue();
        assertThat(d.getProperty(InboxReadLock.LOOK, InboxEntry.class).kind()).isEqualTo(InboxEntry.Kind.LINK);

        Files.delete(target);
        Path gone = dir.resolve("gone.yaml");
        assertThat(acquire(gone)).isFalse();
    }

    @Test
    void theHistoryOfEntriesThatWentAwayIsForgotten() throws Exception {
        for (int i = 0; i < 50; i++) {
            acquire(Files.writeString(dir.resolve("f" + i + ".yaml"), "x"));
        }
        assertThat(lock.remembered()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            Files.delete(dir.resolve("f" + i + ".yaml"));
        }
        clock.advance(Duration.ofMinutes(2));
        Path kept = Files.writeString(dir.resolve("kept.yaml"), "x");
        acquire(kept);
        assertThat(lock.remembered()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the process strategy

    @Test
    void theStrategyMovesALinkAsALinkAndLeavesAFileTheIntakeAskedToLookAtLater() throws Exception {
        Inbox inbox = new Inbox(dir);
        InboxProcessStrategy strategy = new InboxProcessStrategy(inbox, lock);
        Path target = Files.writeString(dir.resolve("real.txt"), "bytes");
        Path link = Files.createSymbolicLink(dir.resolve("enlace.yaml"), target);
        Exchange e = exchange();
        GenericFile<File> gf = FileConsumer.asGenericFile(dir.toString(), link.toFile(), null, false);
        e.getIn().setHeader(ScheduleIntake.ARCHIVE, ".rejected/x-enlace.yaml");
        strategy.commit(ops(), null, e, gf);
        Path moved = dir.resolve(".rejected/x-enlace.yaml");
        assertThat(Files.isSymbolicLink(moved)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("bytes");

        Path later = Files.writeString(dir.resolve("later.yaml"), "id: [");
        Exchange l = exchange();
        l.getIn().setHeader(ScheduleIntake.ARCHIVE, ".rejected/x-later.yaml");
        l.setProperty(InboxProcessStrategy.LATER, MIN_AGE);
        strategy.commit(ops(), null, l, FileConsumer.asGenericFile(dir.toString(), later.toFile(), null, false));
        assertThat(later).exists();
        assertThat(dir.resolve(".rejected/x-later.yaml")).doesNotExist();
    }

    @Test
    void anEntryThatCannotBeMovedIsReportedOnceAndNeverReplacesAnotherFile() throws Exception {
        Inbox inbox = new Inbox(dir);
        InboxProcessStrategy strategy = new InboxProcessStrategy(inbox, lock);
        Files.writeString(dir.resolve(".blocker"), "a file where a folder would be needed");
        Path f = Files.writeString(dir.resolve("f.yaml"), "x");
        try (LogLines log = LogLines.capture()) {
            for (int poll = 0; poll < 5; poll++) {
                clock.advance(MIN_AGE);
                Exchange e = exchange();
                if (acquire(f, e)) {
                    e.getIn().setHeader(ScheduleIntake.ARCHIVE, ".blocker/x-f.yaml");
                    strategy.commit(ops(), null, e, FileConsumer.asGenericFile(dir.toString(), f.toFile(), null, false));
                }
            }
            assertThat(log.containing("WARN", "could not move inbox/f.yaml to inbox/.blocker/x-f.yaml")).hasSize(1);
        }
        assertThat(f).exists();

        Files.createDirectories(dir.resolve(".rejected"));
        Path existing = Files.writeString(dir.resolve(".rejected/same-name.yaml"), "earlier");
        Path g = Files.writeString(dir.resolve("g.yaml"), "later");
        Exchange e = exchange();
        e.getIn().setHeader(ScheduleIntake.ARCHIVE, ".rejected/same-name.yaml");
        strategy.commit(ops(), null, e, FileConsumer.asGenericFile(dir.toString(), g.toFile(), null, false));
        assertThat(Files.readString(existing)).isEqualTo("earlier");
        assertThat(Files.readString(g)).isEqualTo("later");
    }

    @Test
    void archiveNamesKeepTheNameAndFitTheFileSystem() {
        Instant at = Instant.parse("2026-11-23T12:00:00.123Z");
        assertThat(Inbox.archive(".rejected", at, "x.yaml")).isEqualTo(".rejected/20261123T120000.123Z-x.yaml");
        String longName = "ñ".repeat(120) + ".yaml";
        String archived = Inbox.archive(".accepted/id", at, longName);
        String file = archived.substring(archived.lastIndexOf('/') + 1);
        assertThat((file + ".reason.txt").getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(file).startsWith("20261123T120000.123Z-ññ").endsWith("….yaml");
        assertThat(List.of("a\\b.yaml", "a\nb.yaml")).allSatisfy(n ->
                assertThat(Inbox.archive(".rejected", at, n)).endsWith("-" + n));
    }

    /** camel-file's operations are not used by the strategy for local files (nothing to release). */
    @SuppressWarnings("unchecked")
    private static GenericFileOperations<File> ops() {
        return (GenericFileOperations<File>) java.lang.reflect.Proxy.newProxyInstance(InboxReadLockTest.class.getClassLoader(),
                new Class<?>[] {GenericFileOperations.class}, (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }
}
