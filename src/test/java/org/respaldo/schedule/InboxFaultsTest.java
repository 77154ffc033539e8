package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.ScheduleFiles.drop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.LogLines;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;

/**
 * "The inbox never stops": the real application (YAML routes, H2, HTTP) and a real inbox on
 * the real file system, fed everything that used to stop it or slip through — empty files, a
 * folder, links, a FIFO, a slow copy, a file that never stops changing, an unreadable file,
 * names with control characters, spaces and accents. After each, a valid file dropped next is
 * registered within a few seconds. Asserted as an operator would look: the bytes in
 * {@code .rejected/} and {@code .accepted/}, the reason file, the log line, the API.
 */
@CamelMainTest(properties = {
    "respaldo.profile=test",
    // no daily digest in the middle of what this test counts (a run near 07:00 Guatemala time would get one)
    "respaldo.digest.enabled=false",
    "respaldo.data-dir=target/it/inbox-faults",
    "respaldo.http.port={{sys:respaldo.test.port.inbox-faults-http}}",
    "respaldo.intake.min-age-ms=400",
    "respaldo.intake.poll-delay-ms=100",
    "respaldo.intake.max-settle=PT3S",
    "respaldo.veeam.principal.url=https://127.0.0.1:9419",
    "respaldo.veeam.principal.username=respaldo",
    "respaldo.veeam.retry-attempts=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxFaultsTest {

    static final Path DATA = Path.of("target/it/inbox-faults");
    static final Path INBOX = DATA.resolve("inbox");
    static final Path REJECTED = INBOX.resolve(".rejected");
    static final Path OUTSIDE = DATA.resolve("outside");
    static final int HTTP = Ports.reserve("inbox-faults-http");
    static final String API = "http://127.0.0.1:" + HTTP + "/api/schedules";
    static final Duration WAIT = Duration.ofSeconds(15);
    /** "registered within a few seconds" */
    static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    static final long MIN_AGE_MS = 400;

    static {
        // before the application starts on this data dir
        ScheduleFiles.deleteTree(DATA);
    }

    private final LogLines log = LogLines.capture();
    private final AtomicInteger next = new AtomicInteger();

    @AfterAll
    void stopCapturing() {
        log.close();
    }

    // ------------------------------------------------------------------ empty files

    @Test
    void anEmptyFileIsRejectedAndTheInboxGoesOn() throws Exception {
        Path archived = rejectedWithReason("vacio.yaml", new byte[0], "the file is empty", "el archivo está vacío");
        assertThat(reasonOf(archived)).contains("1. archivo/file");
        assertThat(Files.size(archived)).isZero();
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void aWhitespaceOnlyFileIsRejectedAsEmpty() throws Exception {
        byte[] blank = " \n\t\n   \r\n".getBytes(StandardCharsets.UTF_8);
        rejectedWithReason("en-blanco.yml", blank, "the file is empty", "el archivo está vacío");
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void aZeroByteFileOfAnotherExtensionIsRejectedAsNotASchedule() throws Exception {
        rejectedWithReason("nada.txt", new byte[0], "use .yaml, .yml or .json", "use .yaml, .yml o .json");
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    // ------------------------------------------------------------------ what is not a regular file

    @Test
    void aFolderNamedLikeAScheduleIsMovedAsideWithAReason() throws Exception {
        Path folder = Files.createDirectories(INBOX.resolve("carpeta.yaml"));
        Files.writeString(folder.resolve("dentro.yaml"), ScheduleFiles.nightly("dentro-de-carpeta", "No se lee"));
        Path archived = awaitRejected("carpeta.yaml");
        assertThat(archived).isDirectory();
        assertThat(Files.readString(archived.resolve("dentro.yaml"))).contains("dentro-de-carpeta");
        assertThat(folder).doesNotExist();
        assertThat(reasonOf(archived)).contains("is a folder, not a file", "es una carpeta");
        assertThat(Http.get(API + "/dentro-de-carpeta").status()).isEqualTo(404);
        assertThat(log.containing("WARN", "schedule rejected: carpeta.yaml")).hasSize(1);
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void anyOtherFolderIsLeftAloneAndReportedOnce() throws Exception {
        Path folder = Files.createDirectories(INBOX.resolve("borradores"));
        Files.writeString(folder.resolve("idea.yaml"), "id: [sin cerrar");
        Eventually.await(WAIT, "the folder reported", () -> !log.containing("WARN", "inbox/borradores is not read").isEmpty());
        aValidFileIsStillRegisteredWithinAFewSeconds();
        TimeUnit.MILLISECONDS.sleep(500); // several more polls
        assertThat(log.containing("WARN", "inbox/borradores is not read")).as("once, not at every poll").hasSize(1);
        assertThat(folder.resolve("idea.yaml")).exists();
    }

    @Test
    void aLinkToAValidFileIsNeverFollowedAndIsMovedAsALink() throws Exception {
        Files.createDirectories(OUTSIDE);
        String content = ScheduleFiles.nightly("por-enlace", "Solo por enlace");
        Path target = Files.writeString(OUTSIDE.resolve("real.yaml"), content);
        Files.createSymbolicLink(INBOX.resolve("enlace.yaml"), target.toAbsolutePath());
        Path archived = awaitRejected("enlace.yaml");
        assertThat(Files.isSymbolicLink(archived)).as("the link itself was moved").isTrue();
        assertThat(Files.readSymbolicLink(archived)).isEqualTo(target.toAbsolutePath());
        assertThat(Files.readString(target)).as("the target is untouched").isEqualTo(content);
        assertThat(reasonOf(archived)).contains("is a symbolic link to \"" + target.toAbsolutePath() + "\"",
                "Respaldo does not follow links", "es un enlace simbólico");
        assertThat(Http.get(API + "/por-enlace").status()).as("the linked schedule is not registered").isEqualTo(404);
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void aLinkToNothingIsMovedAsALink() throws Exception {
        Path nowhere = DATA.resolve("no-existe.yaml").toAbsolutePath();
        Files.createSymbolicLink(INBOX.resolve("roto.yaml"), nowhere);
        Path archived = awaitRejected("roto.yaml");
        assertThat(Files.isSymbolicLink(archived)).isTrue();
        assertThat(Files.exists(archived)).as("still points nowhere").isFalse();
        assertThat(reasonOf(archived)).contains("is a symbolic link to \"" + nowhere + "\", which does not exist");
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void aFifoIsNeverOpenedAndIsMovedAside() throws Exception {
        Path fifo = INBOX.resolve("tuberia.yaml");
        Assumptions.assumeTrue(mkfifo(fifo), () -> {
            System.err.println("SKIPPED: mkfifo is not available here; the FIFO case does not run.");
            return "mkfifo is not available";
        });
        Path archived = awaitRejected("tuberia.yaml");
        assertThat(InboxEntry.look(archived).kind()).isEqualTo(InboxEntry.Kind.FIFO);
        assertThat(reasonOf(archived)).contains("is a FIFO (named pipe), not a file", "es una FIFO");
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    // ------------------------------------------------------------------ files being written

    @Test
    void aFileWrittenSlowlyWithPausesLongerThanTheReadLockAgeIsNotRejectedHalfWay() throws Exception {
        String content = ScheduleFiles.nightly("copia-pausada", "Copia con pausas");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int[] cuts = {bytes.length / 4, bytes.length / 2, bytes.length * 3 / 4, bytes.length};
        ScheduleFile parser = new ScheduleFile(262_144);
        for (int i = 0; i < cuts.length - 1; i++) {
            byte[] part = Arrays.copyOf(bytes, cuts[i]);
            ScheduleFile.Parsed p = parser.parse("x.yaml", part);
            assertThat(!p.ok() || !Corpus.validator().validate(p.tree()).ok())
                    .as("the first %d bytes are not a valid schedule (or the test proves nothing)", cuts[i]).isTrue();
        }
        Path target = INBOX.resolve("copia-pausada.yaml");
        long pause = MIN_AGE_MS * 3 / 2;
        try (OutputStream out = Files.newOutputStream(target)) {
            int from = 0;
            for (int cut : cuts) {
                out.write(bytes, from, cut - from);
                out.flush();
                from = cut;
                if (cut < bytes.length) {
                    TimeUnit.MILLISECONDS.sleep(pause);
                }
            }
        }
        Path archived = awaitOne(INBOX.resolve(".accepted/copia-pausada"), "-copia-pausada.yaml");
        assertThat(Files.readAllBytes(archived)).isEqualTo(bytes);
        assertThat(findAny(REJECTED, "-copia-pausada.yaml")).as("never rejected half-way").isEmpty();
        assertThat(Http.get(API + "/copia-pausada").json().at("/history/0/sha256").asText()).isEqualTo(ScheduleIntake.sha256(bytes));
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void aFileThatKeepsChangingLongerThanMaxSettleIsRejectedWithThatReasonAndNothingElseWaits() throws Exception {
        Path target = INBOX.resolve("sin-fin.yaml");
        AtomicBoolean stop = new AtomicBoolean();
        ByteCounter written = new ByteCounter();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(target)) {
                while (!stop.get()) {
                    out.write('#');
                    out.flush();
                    written.add(1);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "writes-forever");
        writer.start();
        try {
            // meanwhile the others are not held up
            aValidFileIsStillRegisteredWithinAFewSeconds();
            Path archived = awaitRejected("sin-fin.yaml");
            String reason = reasonOf(archived);
            assertThat(reason).contains("the file kept changing for", "longer than respaldo.intake.max-settle (PT3S)",
                    "copy the file under a temporary hidden name", "respaldo.intake.max-settle");
        } finally {
            stop.set(true);
            writer.join();
        }
        Path archived = awaitRejected("sin-fin.yaml");
        assertThat(Files.size(archived)).as("every byte written is kept (the writer's file was moved, not copied)")
                .isEqualTo(written.get());
        assertThat(target).doesNotExist();
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void anUnreadableFileIsRejectedWithTheError() throws Exception {
        String content = ScheduleFiles.nightly("sin-permiso", "Sin permiso de lectura");
        Path tmp = Files.writeString(INBOX.resolve(".sin-permiso.yaml.part"), content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(tmp)) {
            System.err.println("NOTE: running as root: chmod 000 does not stop root from reading. Asserted instead that such a"
                    + " file is read and registered like any other; the unreadable case is checked when not run as root.");
            Files.move(tmp, INBOX.resolve("sin-permiso.yaml"));
            Path archived = awaitOne(INBOX.resolve(".accepted/sin-permiso"), "-sin-permiso.yaml");
            Files.setPosixFilePermissions(archived, PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(archived)).isEqualTo(content);
        } else {
            Files.move(tmp, INBOX.resolve("sin-permiso.yaml"));
            Path archived = awaitRejected("sin-permiso.yaml");
            assertThat(reasonOf(archived)).contains("the file could not be read (AccessDeniedException", "check that Respaldo may read it",
                    "no se pudo leer el archivo");
            Files.setPosixFilePermissions(archived, PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(archived)).isEqualTo(content);
            assertThat(Http.get(API + "/sin-permiso").status()).isEqualTo(404);
        }
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    // ------------------------------------------------------------------ names

    @Test
    void controlCharactersInANameAreEscapedInTheLogAndTheReason() throws Exception {
        String name = "falsa\n15:00:00.000 INFO  schedule-intake - Programación registrada\u001B[31m.yaml";
        String escaped = "falsa\\n15:00:00.000 INFO  schedule-intake - Programación registrada\\u001B[31m.yaml";
        byte[] bad = "version: 1\nid: [sin cerrar\n".getBytes(StandardCharsets.UTF_8);
        Path archived = rejectedWithReason(name, bad, "syntax error", "error de sintaxis");
        assertThat(archived.getFileName().toString()).as("the archive keeps the real name").endsWith("-" + name);
        String reason = reasonOf(archived);
        assertThat(reason.lines().findFirst().orElseThrow()).isEqualTo("Respaldo rechazó la programación «" + escaped + "».");
        assertThat(reason).doesNotContain("\u001B").doesNotContain("falsa\n");
        List<String> lines = log.containing("WARN", "schedule rejected: " + escaped);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n", "\u001B");
        assertThat(log.all()).noneMatch(l -> l.contains("falsa\n") || l.contains("\u001B"));

        String valid = ScheduleFiles.nightly("nombre-con-tab", "Nombre con tabulador");
        drop(INBOX, "con\ttab\r.yaml", valid);
        Path accepted = awaitOne(INBOX.resolve(".accepted/nombre-con-tab"), "-con\ttab\r.yaml");
        assertThat(Files.readString(accepted)).isEqualTo(valid);
        assertThat(Http.get(API + "/nombre-con-tab").json().get("sourceFile").asText()).isEqualTo("con\ttab\r.yaml");
        Eventually.await(WAIT, "the acceptance logged", () -> !log.containing("schedule accepted: nombre-con-tab v1 from con\\ttab\\r.yaml").isEmpty());
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    @Test
    void namesWithSpacesAccentsAndOtherCharactersWork() throws Exception {
        List<String> names = List.of("programación nocturna (copia) ñ.yaml", "Año 2027 – «semanal» #1.yml",
                "ruta\\con\\barras.json", "comillas 'simples' y \"dobles\" $HOME ${x}.yaml", "📦 respaldo.yaml");
        for (int i = 0; i < names.size(); i++) {
            String id = "nombre-raro-" + i;
            String content = names.get(i).endsWith(".json") ? json(id, "Nombre raro " + i)
                    : ScheduleFiles.nightly(id, "Nombre raro " + i);
            drop(INBOX, names.get(i), content);
            Path archived = awaitOne(INBOX.resolve(".accepted/" + id), "-" + names.get(i));
            assertThat(Files.readString(archived)).isEqualTo(content);
            JsonNode s = Http.get(API + "/" + id).json();
            assertThat(s.get("sourceFile").asText()).isEqualTo(names.get(i));
        }
        // a name too long to take the archive's stamp: shortened in the archive, kept whole everywhere else
        String longName = "programación-" + "x".repeat(230) + ".yaml";
        assertThat(longName.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        drop(INBOX, longName, ScheduleFiles.nightly("nombre-largo", "Nombre largo"));
        Path archived = awaitOne(INBOX.resolve(".accepted/nombre-largo"), "….yaml");
        assertThat(archived.getFileName().toString().getBytes(StandardCharsets.UTF_8).length + ".reason.txt".length())
                .isLessThanOrEqualTo(255);
        assertThat(Http.get(API + "/nombre-largo").json().get("sourceFile").asText()).isEqualTo(longName);
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    // ------------------------------------------------------------------ many at once

    @Test
    void manyFilesAtOnceAreAllRegisteredAndTwoVersionsOfOneScheduleInTheOrderOfTheirFiles() throws Exception {
        Path staging = Files.createDirectories(DATA.resolve("staging-many"));
        String v1 = ScheduleFiles.nightly("dos-versiones", "Primera versión");
        String v2 = v1.replace("Primera versión", "Segunda versión");
        Path first = Files.writeString(staging.resolve("dos-versiones-1.yaml"), v1);
        Path second = Files.writeString(staging.resolve("dos-versiones-2.yaml"), v2);
        java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(first, t);
        Files.setLastModifiedTime(second, java.nio.file.attribute.FileTime.fromMillis(t.toMillis() + 1000));
        for (int i = 0; i < 40; i++) {
            Files.writeString(staging.resolve("lote-" + i + ".yaml"), ScheduleFiles.nightly("lote-" + i, "Lote " + i));
        }
        try (Stream<Path> files = Files.list(staging)) {
            for (Path p : files.sorted().toList()) {
                Files.move(p, INBOX.resolve(p.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Eventually.await(WAIT, "the 40 files and both versions registered", () -> {
            for (int i = 0; i < 40; i++) {
                if (Http.get(API + "/lote-" + i).status() != 200) {
                    return false;
                }
            }
            return Http.get(API + "/dos-versiones").json().get("version").asInt() == 2;
        });
        JsonNode s = Http.get(API + "/dos-versiones").json();
        assertThat(s.get("title").asText()).as("the newer file is the version in force").isEqualTo("Segunda versión");
        assertThat(s.get("history")).extracting(h -> h.get("sourceFile").asText())
                .containsExactly("dos-versiones-1.yaml", "dos-versiones-2.yaml");
        aValidFileIsStillRegisteredWithinAFewSeconds();
    }

    // ------------------------------------------------------------------ helpers

    /** Drops a valid schedule with a new id and waits until the API serves it. */
    private void aValidFileIsStillRegisteredWithinAFewSeconds() {
        String id = "siguiente-" + next.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        drop(INBOX, id + ".yaml", ScheduleFiles.nightly(id, "Después del fallo"));
        Eventually.await(FEW_SECONDS, "a valid file dropped next is registered within a few seconds (" + id + ")",
                () -> Http.get(API + "/" + id).status() == 200);
    }

    /** Drops a file, waits for it in .rejected and checks its exact bytes and its reason. */
    private Path rejectedWithReason(String name, byte[] content, String english, String spanish) throws IOException {
        drop(INBOX, name, content);
        Path archived = awaitRejected(name);
        assertThat(Files.readAllBytes(archived)).as("the exact bytes are kept").isEqualTo(content);
        assertThat(reasonOf(archived)).contains(english, spanish, "ES: ", "EN: ");
        assertThat(INBOX.resolve(name)).doesNotExist();
        return archived;
    }

    private static Path awaitRejected(String name) {
        Eventually.await(WAIT, name + " in .rejected with its reason",
                () -> findAny(REJECTED, "-" + name).size() == 1 && Files.exists(reasonPath(findAny(REJECTED, "-" + name).get(0))));
        return findAny(REJECTED, "-" + name).get(0);
    }

    private static Path awaitOne(Path dir, String suffix) {
        Eventually.await(WAIT, "a file ending " + suffix + " in " + dir, () -> findAny(dir, suffix).size() == 1);
        return findAny(dir, suffix).get(0);
    }

    /** Entries of any kind (files, links, folders, FIFOs) directly in {@code dir} whose name ends with {@code suffix}. */
    private static List<Path> findAny(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path reasonPath(Path archived) {
        return archived.resolveSibling(archived.getFileName() + ".reason.txt");
    }

    private static String reasonOf(Path archived) throws IOException {
        return Files.readString(reasonPath(archived));
    }

    private static boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0
                    && Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }

    private static String json(String id, String title) {
        return """
                {"version": 1, "id": "%s", "title": "%s", "owner": "director@mineco.gob.gt",
                 "cron": "0 0 23 * * ?", "timezone": "America/Guatemala", "window": {"start": "22:00", "end": "02:00"},
                 "veeam": {"jobs": ["BD-SQLServer-Produccion"]},
                 "storage": {"repository": "Repositorio-CD-Local", "path": "D:\\\\Backups"},
                 "notify": {"director": "director@mineco.gob.gt"}}
                """.formatted(id, title);
    }

    /** Bytes written by the endless writer. */
    private static final class ByteCounter {
        private final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();

        void add(long k) {
            n.addAndGet(k);
        }

        long get() {
            return n.get();
        }
    }
}
