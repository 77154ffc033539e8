package org.respaldo.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** The schedule file corpus under {@code src/test/resources/schedules} and the fixed rules it is checked with. */
final class Corpus {

    static final Path ROOT = Path.of("src/test/resources/schedules");
    static final Path VALID = ROOT.resolve("valid");
    static final Path INVALID = ROOT.resolve("invalid");
    static final Path EXAMPLES = Path.of("examples");
    static final Path SCHEMA = Path.of("src/main/resources/schedule.schema.json");
    static final String MANIFEST = "expected.properties";

    /** The test clock: Monday 2026-11-23 06:00 in Guatemala. */
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final ZoneId GUATEMALA = ZoneId.of("America/Guatemala");
    static final ScheduleValidator.Rules RULES = new ScheduleValidator.Rules(
            GUATEMALA, List.of("principal", "secundario"), Clock.fixed(NOW, ZoneOffset.UTC));
    static final long MAX_BYTES = 262_144;

    private Corpus() {
    }

    static ScheduleFile file() {
        return new ScheduleFile(MAX_BYTES);
    }

    static ScheduleValidator validator() {
        return new ScheduleValidator(RULES);
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a folder (not the manifest), by name. */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(MANIFEST))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schedule files of a folder (.yaml, .yml, .json), by name. */
    static List<Path> schedules(Path dir) {
        return files(dir).stream()
                .filter(p -> ScheduleFile.EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().endsWith(e)))
                .toList();
    }

    static Properties manifest() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(INVALID.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The tree of a file that the parser accepts (fails the test otherwise). */
    static JsonNode tree(Path p) {
        ScheduleFile.Parsed parsed = file().parse(p.getFileName().toString(), bytes(p));
        if (!parsed.ok()) {
            throw new AssertionError(p + " does not parse: " + parsed.problems());
        }
        return parsed.tree();
    }

    /** A valid file's schedule (fails the test when it has problems). */
    static Schedule schedule(Path p) {
        ScheduleValidator.Result r = validator().validate(tree(p));
        if (!r.ok()) {
            throw new AssertionError(p + " is not valid: " + r.problems());
        }
        return r.schedule();
    }

    /** How a problem is named in the manifest: its field path, line:N:C, or file. */
    static String key(Problem p) {
        if (p.field() != null) {
            return p.field();
        }
        if (p.line() > 0) {
            return "line:" + p.line() + ":" + p.column();
        }
        return "file";
    }
}
