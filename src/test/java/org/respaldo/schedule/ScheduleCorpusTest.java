package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser and validator over the corpus: every invalid file is rejected with a reason that
 * names exactly the fields (or line and column) its manifest entry lists; every valid file is
 * accepted with the values an operator expects, defaults included.
 */
class ScheduleCorpusTest {

    private static final ScheduleFile FILE = Corpus.file();
    private static final ScheduleValidator VALIDATOR = Corpus.validator();
    private static final String DIRECTOR = "director.ti@mineco.gob.gt";
    private static final String OWNER = "operaciones.ti@mineco.gob.gt";

    // ------------------------------------------------------------------ invalid

    static Stream<Arguments> invalid() {
        Properties m = Corpus.manifest();
        return new TreeSet<>(m.stringPropertyNames()).stream().map(n -> Arguments.of(n, m.getProperty(n)));
    }

    @Test
    void manifestListsEveryInvalidFileAndNothingElse() {
        Set<String> onDisk = Corpus.files(Corpus.INVALID).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(Corpus.manifest().stringPropertyNames()).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(onDisk).hasSizeGreaterThanOrEqualTo(35);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("invalid")
    void invalidFileIsRejectedNamingWhatToFix(String name, String expected) {
        byte[] bytes = Corpus.bytes(Corpus.INVALID.resolve(name));
        ScheduleFile.Parsed parsed = FILE.parse(name, bytes);
        List<Problem> problems;
        if (parsed.ok()) {
            ScheduleValidator.Result result = VALIDATOR.validate(parsed.tree());
            assertThat(result.schedule()).as("no schedule for a rejected file").isNull();
            problems = result.problems();
        } else {
            assertThat(parsed.tree()).isNull();
            problems = parsed.problems();
        }
        Set<String> want = new LinkedHashSet<>(Arrays.asList(expected.split("\\s*,\\s*")));
        Set<String> named = problems.stream().map(Corpus::key).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(named).as("problems of %s: %s", name, problems).containsExactlyInAnyOrderElementsOf(want);

        String report = RejectionReport.text(name, Corpus.NOW, problems);
        assertThat(report).contains(name).contains("Problemas / Problems: " + problems.size());
        for (String w : want) {
            assertThat(report).as("the reason names %s", w).containsPattern(reportLine(w));
        }
        for (Problem p : problems) {
            assertThat(p.es()).as("Spanish text of %s", p).isNotBlank();
            assertThat(p.en()).as("English text of %s", p).isNotBlank();
            assertThat(p.es()).as("es and en differ for %s", p).isNotEqualTo(p.en());
            assertThat(report).contains("ES: " + p.es()).contains("EN: " + p.en());
        }
    }

    /** The numbered heading line of one problem in the reason text. */
    private static Pattern reportLine(String key) {
        String where;
        if (key.equals("file")) {
            where = "archivo/file";
        } else if (key.startsWith("line:")) {
            String[] lc = key.substring(5).split(":");
            where = "línea/line " + lc[0] + ", columna/column " + (lc.length > 1 ? lc[1] : "");
            return Pattern.compile("(?m)^\\d+\\. " + Pattern.quote(where) + (lc.length > 1 ? "$" : "\\d+$"));
        } else {
            where = key;
        }
        return Pattern.compile("(?m)^\\d+\\. " + Pattern.quote(where) + "$");
    }

    @Test
    void aFileOverTheLimitIsRejectedBeforeItIsParsed() {
        byte[] bytes = Corpus.bytes(Corpus.INVALID.resolve("too-big.yaml"));
        assertThat(bytes.length).isGreaterThan(256 * 1024);
        Problem p = FILE.parse("too-big.yaml", bytes).problems().get(0);
        assertThat(p.en()).contains(String.valueOf(bytes.length)).contains("256 KiB");
        // the same bytes one byte shorter than the limit are read (and are a valid schedule)
        byte[] fits = Arrays.copyOf(bytes, (int) Corpus.MAX_BYTES);
        int lastNewline = new String(fits, java.nio.charset.StandardCharsets.UTF_8).lastIndexOf('\n');
        assertThat(FILE.parse("fits.yaml", Arrays.copyOf(fits, lastNewline + 1)).ok()).isTrue();
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        ScheduleFile.Parsed parsed = FILE.parse("several-problems.yaml",
                Corpus.bytes(Corpus.INVALID.resolve("several-problems.yaml")));
        List<Problem> problems = VALIDATOR.validate(parsed.tree()).problems();
        assertThat(problems).hasSize(6);
        assertThat(problems).extracting(Problem::field).containsExactly(
                "id", "title", "storage.minFreeGb", "notify.language", "retry.attempts", "overlap");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "cron-outside-window.yaml        | fires at 2026-11-23 20:00 (America/Guatemala time), outside the window 22:00–05:00",
        "cron-partly-outside-window.yaml | outside the window 22:00–05:00",
        "never-fires-validity-past.yaml  | would never fire in the next 366 days",
        "never-fires-blackouts.yaml      | would never fire in the next 366 days",
        "multiple-documents.yaml         | a file holds exactly one schedule",
        "duplicate-key.yaml              | duplicate key: 'cron'",
        "duplicate-key.json              | duplicate key: 'cron'",
        "tab-indent.yaml                 | TAB",
        "unknown-field-top-level.yaml    | did you mean \"window\"?",
        "wrong-extension.yaml.bak        | use .yaml, .yml or .json",
        "empty.yaml                      | the file is empty",
        "email-consecutive-dots.yaml     | \"operaciones.ti@mineco..gob.gt\" is not a valid e-mail address: the domain must not start or end with a dot, nor have two dots in a row",
        "email-list.yaml                 | it holds more than one address",
        "email-display-name.yaml         | without a display name",
        "email-technicians-smtp-refuses.yaml | not an IP address in brackets",
        "email-technicians-smtp-refuses.yaml | the domain \"mineco\" has no dot",
        "bad-emails.yaml                 | \"Director de TI\" is not a valid e-mail address: it contains spaces",
    })
    void theReasonSaysWhatIsWrong(String name, String english) {
        ScheduleFile.Parsed parsed = FILE.parse(name, Corpus.bytes(Corpus.INVALID.resolve(name)));
        List<Problem> problems = parsed.ok() ? VALIDATOR.validate(parsed.tree()).problems() : parsed.problems();
        assertThat(problems).extracting(Problem::en).anySatisfy(en -> assertThat(en).contains(english));
    }

    // ------------------------------------------------------------------ valid

    private static Schedule.VeeamTarget jobs(String server, boolean activeFull, String... names) {
        return new Schedule.VeeamTarget(server, List.of(names), false, activeFull);
    }

    /** The whole schedule every valid file must read as: every field, defaults applied. */
    static final Map<String, Schedule> EXPECTED = Map.of(
            "minimo.yaml", new Schedule(1, "minimo", "Programación mínima", OWNER, true, "0 0 23 * * ?",
                    Corpus.GUATEMALA, null, null, new Schedule.Window(LocalTime.of(22, 0), LocalTime.of(6, 0)),
                    null, List.of(), jobs("principal", false, "BD-SQLServer-Produccion"),
                    new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups", 0),
                    new Schedule.Notify(DIRECTOR, List.of(), "es"),
                    new Schedule.Retry(0, Duration.ofMinutes(10)), Schedule.Overlap.SKIP),
            "completo.yaml", new Schedule(1, "completo-2027", "Backup completo: SQL Server, Oracle y archivos — «prueba»",
                    "jefe.operaciones@mineco.gob.gt", false, "0 45 21 ? * MON-FRI", ZoneId.of("America/Costa_Rica"),
                    LocalDate.of(2026, 12, 1), LocalDate.of(2027, 6, 30),
                    new Schedule.Window(LocalTime.of(21, 30), LocalTime.of(4, 15)), Duration.ofMinutes(390),
                    List.of(new Schedule.Blackout.Day(LocalDate.of(2026, 12, 24)),
                            new Schedule.Blackout.Period(LocalDateTime.of(2027, 1, 15, 20, 0),
                                    LocalDateTime.of(2027, 1, 18, 6, 0, 30))),
                    jobs("secundario", true, "BD-*", "*-Produccion", "FS-Expedientes"),
                    new Schedule.Storage("Repositorio-CD-Secundario", "\\\\nas01\\respaldos\\nocturno", 250.5),
                    new Schedule.Notify(DIRECTOR, List.of("tecnico.operaciones1@mineco.gob.gt",
                            "tecnico.operaciones2@mineco.gob.gt"), "en"),
                    new Schedule.Retry(5, Duration.ofMinutes(1)), Schedule.Overlap.QUEUE),
            "todos.json", new Schedule(1, "todos-los-trabajos", "All backup jobs on the main server", OWNER, true,
                    "0 0 1 ? * SUN", ZoneId.of("UTC"), null, null,
                    new Schedule.Window(LocalTime.of(0, 30), LocalTime.of(5, 30)), null, List.of(),
                    new Schedule.VeeamTarget("principal", List.of(), true, false),
                    new Schedule.Storage("Repositorio-Linux", "/srv/veeam/backups/", 0),
                    new Schedule.Notify(DIRECTOR, List.of(), "es"),
                    new Schedule.Retry(3, Duration.ofMinutes(10)), Schedule.Overlap.SKIP),
            "ventana-diurna.yml", new Schedule(1, "ventana-diurna", "Backup del mediodía, días hábiles", OWNER, true,
                    "0 15 12 ? * MON-FRI 2026-2028", Corpus.GUATEMALA, LocalDate.of(2026, 11, 1), null,
                    new Schedule.Window(LocalTime.of(12, 0), LocalTime.of(14, 0)), Duration.ofHours(2), List.of(),
                    jobs("principal", false, "FS-*"),
                    new Schedule.Storage("Repositorio-CD-Local", "D:\\Backups\\Mediodia", 0),
                    new Schedule.Notify(DIRECTOR, List.of(), "es"),
                    new Schedule.Retry(0, Duration.ofMinutes(20)), Schedule.Overlap.SKIP),
            "madrid-verano.yaml", new Schedule(1, "madrid-verano", "Réplica en Madrid", OWNER, true, "0 0 2 * * ?",
                    ZoneId.of("Europe/Madrid"), null, LocalDate.of(2027, 11, 30),
                    new Schedule.Window(LocalTime.of(1, 0), LocalTime.of(5, 0)), null, List.of(),
                    jobs("principal", false, "Replica-*"),
                    new Schedule.Storage("Repositorio-Madrid", "/mnt/respaldos", 0),
                    new Schedule.Notify(DIRECTOR, List.of("tecnico.madrid@mineco.gob.gt"), "es"),
                    new Schedule.Retry(0, Duration.ofMinutes(10)), Schedule.Overlap.SKIP),
            "comodines.json", new Schedule(1, "comodines", "Wildcard jobs, JSON, Windows path with forward slashes",
                    OWNER, true, "0 0/30 22-23 * * ?", Corpus.GUATEMALA, null, null,
                    new Schedule.Window(LocalTime.of(22, 0), LocalTime.of(0, 0)), null,
                    List.of(new Schedule.Blackout.Day(LocalDate.of(2026, 12, 31)),
                            new Schedule.Blackout.Period(LocalDateTime.of(2027, 3, 25, 0, 0),
                                    LocalDateTime.of(2027, 3, 27, 0, 0))),
                    jobs("principal", false, "*", "BD-*", "*-Portal"),
                    new Schedule.Storage("Repositorio-CD-Local", "D:/Backups/Comodines", 0),
                    new Schedule.Notify(DIRECTOR, List.of(), "en"),
                    new Schedule.Retry(0, Duration.ofMinutes(10)), Schedule.Overlap.QUEUE));

    static Stream<Path> valid() {
        return Corpus.files(Corpus.VALID).stream();
    }

    @Test
    void everyValidFileHasItsExpectedSchedule() {
        assertThat(valid().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        assertThat(valid().map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.endsWith(".yaml")).anyMatch(n -> n.endsWith(".yml")).anyMatch(n -> n.endsWith(".json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validFileIsAcceptedWithEveryFieldAsWritten(Path path) {
        ScheduleFile.Parsed parsed = FILE.parse(path.getFileName().toString(), Corpus.bytes(path));
        assertThat(parsed.problems()).isEmpty();
        ScheduleValidator.Result result = VALIDATOR.validate(parsed.tree());
        assertThat(result.problems()).isEmpty();
        assertThat(result.schedule()).isEqualTo(EXPECTED.get(path.getFileName().toString()));
    }

    @Test
    void omittedFieldsTakeTheirDefaults() {
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("minimo.yaml"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.timezone()).isEqualTo(ZoneId.of("America/Guatemala"));
        assertThat(s.veeam().server()).isEqualTo("principal");
        assertThat(s.veeam().all()).isFalse();
        assertThat(s.veeam().activeFull()).isFalse();
        assertThat(s.storage().minFreeGb()).isZero();
        assertThat(s.notification().technicians()).isEmpty();
        assertThat(s.notification().language()).isEqualTo("es");
        assertThat(s.retry()).isEqualTo(new Schedule.Retry(0, Duration.ofMinutes(10)));
        assertThat(s.overlap()).isEqualTo(Schedule.Overlap.SKIP);
        assertThat(s.blackouts()).isEmpty();
        assertThat(s.maxDuration()).isNull();
        assertThat(s.validFrom()).isNull();
        assertThat(s.validUntil()).isNull();
    }

    @Test
    void aWindowEndingBeforeItStartsCrossesMidnight() {
        Schedule night = Corpus.schedule(Corpus.VALID.resolve("minimo.yaml"));
        assertThat(night.window().crossesMidnight()).isTrue();
        assertThat(night.window().length()).isEqualTo(Duration.ofHours(8));
        assertThat(night.window().contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.window().contains(LocalTime.of(3, 0))).isTrue();
        assertThat(night.window().contains(LocalTime.of(12, 0))).isFalse();

        Schedule day = Corpus.schedule(Corpus.VALID.resolve("ventana-diurna.yml"));
        assertThat(day.window().crossesMidnight()).isFalse();
        assertThat(day.window().length()).isEqualTo(day.maxDuration());

        Schedule toMidnight = Corpus.schedule(Corpus.VALID.resolve("comodines.json"));
        assertThat(toMidnight.window().length()).isEqualTo(Duration.ofHours(2));
        assertThat(toMidnight.window().contains(LocalTime.of(23, 59))).isTrue();
        assertThat(toMidnight.window().contains(LocalTime.of(0, 0))).isFalse();
    }

    @Test
    void theMinimalScheduleFiresTonightAt2300GuatemalaTime() {
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("minimo.yaml"));
        assertThat(FireTimes.next(s, Corpus.NOW, 3)).extracting(ZonedDateTime::toOffsetDateTime).extracting(Object::toString)
                .containsExactly("2026-11-23T23:00-06:00", "2026-11-24T23:00-06:00", "2026-11-25T23:00-06:00");
    }
}
