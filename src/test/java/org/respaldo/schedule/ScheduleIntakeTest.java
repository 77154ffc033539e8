package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.testing.ScheduleFiles;

/**
 * What the intake does with the bytes it reads: a file that changed or was replaced between the
 * look and the read, or between the read and the decision, is left for a later look; a first
 * invalid read is confirmed by a second one before the file is rejected.
 */
class ScheduleIntakeTest {

    static final Duration MIN_AGE = Duration.ofMillis(500);

    @TempDir
    Path dir;
    final CamelContext camel = new DefaultCamelContext();
    final Clock clock = Clock.fixed(Corpus.NOW, java.time.ZoneOffset.UTC);
    final ScheduleRegistry registry = new ScheduleRegistry(new ScheduleStore(null), Corpus.validator(), clock);

    ScheduleIntake intake() {
        return new ScheduleIntake(Corpus.file(), Corpus.validator(), registry, clock, Corpus.MAX_BYTES, () -> null,
                new ScheduleOverlaps(clock), new Inbox(dir), MIN_AGE, Duration.ofMinutes(5));
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Exchange exchange(Path p, InboxEntry look) {
        Exchange e = new DefaultExchange(camel);
        GenericFile<File> gf = FileConsumer.asGenericFile(dir.toString(), p.toFile(), null, false);
        e.setProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, gf);
        e.getIn().setHeader(Exchange.FILE_NAME_ONLY, p.getFileName().toString());
        e.setProperty(InboxReadLock.LOOK, look);
        return e;
    }

    @Test
    void aFileThatChangedAfterTheLookIsLeftForALaterLook() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "version: 1\nid: [");
        InboxEntry look = InboxEntry.look(f);
        Files.writeString(f, ScheduleFiles.nightly("a", "Completo ya"));
        Exchange e = exchange(f, look);
        intake().process(e);
        assertThat(e.getIn().getHeader(ScheduleIntake.OUTCOME)).isEqualTo("later");
        assertThat(e.getIn().getHeader(ScheduleIntake.LATER_WHY)).isEqualTo("changed");
        assertThat(e.getProperty(InboxProcessStrategy.LATER, Duration.class)).isEqualTo(MIN_AGE);
        assertThat(e.getIn().getHeader(ScheduleIntake.ARCHIVE)).as("nowhere to go").isNull();
    }

    @Test
    void aFileReplacedAfterItWasReadIsNotTheOneValidated() throws Exception {
        String content = ScheduleFiles.nightly("b", "Primera");
        Path f = Files.writeString(dir.resolve("b.yaml"), content);
        InboxEntry look = InboxEntry.look(f);
        byte[] read = Files.readAllBytes(f);
        String sha = ScheduleIntake.sha256(read);
        ScheduleIntake intake = intake();
        assertThat(intake.stillTheSame(f, look, read, sha)).isTrue();

        // replaced by a rename over it (another file, the same size)
        Path other = Files.writeString(dir.resolve(".b.part"), content.replace("Primera", "Segunda"));
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(intake.stillTheSame(f, look, read, sha)).isFalse();

        // rewritten in place with other bytes, size and time put back as they were: the SHA-256 tells
        InboxEntry look2 = InboxEntry.look(f);
        byte[] read2 = Files.readAllBytes(f);
        Files.writeString(f, content.replace("Primera", "Tercera"));
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(look2.modified()));
        assertThat(InboxEntry.look(f).same(look2)).as("the file system cannot tell").isTrue();
        assertThat(intake.stillTheSame(f, look2, read2, ScheduleIntake.sha256(read2))).isFalse();
    }

    @Test
    void anInvalidFileIsRejectedOnlyWhenASecondReadFindsTheSameBytes() throws Exception {
        byte[] bad = "version: 1\nid: [\n".getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("c.yaml"), bad);
        InboxEntry look = InboxEntry.look(f);
        Exchange first = exchange(f, look);
        intake().process(first);
        assertThat(first.getIn().getHeader(ScheduleIntake.OUTCOME)).isEqualTo("later");
        assertThat(first.getIn().getHeader(ScheduleIntake.LATER_WHY)).isEqualTo("confirm");
        String suspect = first.getProperty(ScheduleIntake.SUSPECT_SHA, String.class);
        assertThat(suspect).isEqualTo(ScheduleIntake.sha256(bad));

        Exchange second = exchange(f, look);
        second.setProperty(InboxReadLock.SUSPECT, suspect);
        intake().process(second);
        assertThat(second.getIn().getHeader(ScheduleIntake.OUTCOME)).isEqualTo("rejected");
        assertThat((String) second.getIn().getHeader(ScheduleIntake.ARCHIVE)).startsWith(".rejected/").endsWith("-c.yaml");
        assertThat(second.getIn().getBody(String.class)).contains("syntax error");
        @SuppressWarnings("unchecked")
        List<Problem> problems = second.getProperty(ScheduleIntake.PROBLEMS, List.class);
        assertThat(problems).hasSize(1);
    }

    @Test
    void aFileTooBigIsRejectedWithItsRealSizeWithoutBeingRead() throws Exception {
        Path f = dir.resolve("grande.yaml");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), 3_000_000); // sparse: 3 MB, nothing to read
        }
        Exchange e = exchange(f, InboxEntry.look(f));
        intake().process(e);
        assertThat(e.getIn().getHeader(ScheduleIntake.OUTCOME)).isEqualTo("rejected");
        assertThat(e.getIn().getBody(String.class)).contains("the file has 3000001 bytes; the maximum is 262144");
    }
}
