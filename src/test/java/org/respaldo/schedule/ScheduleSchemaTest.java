package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published JSON Schema ({@code src/main/resources/schedule.schema.json}) agrees with the
 * validator: every valid file and example passes it, the invalid files it can see fail it, and
 * the ones it cannot see are named here, with why.
 */
class ScheduleSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final JsonSchema SCHEMA = FACTORY.getSchema(read(Corpus.SCHEMA));

    /** Invalid files whose problem the schema itself finds (types, patterns, enums, bounds, unknown fields). */
    static final List<String> SCHEMA_DETECTS = List.of(
            "all-false-no-jobs.yaml", "bad-emails.yaml", "bad-id.yaml", "blackout-bad-date.yaml",
            "blackout-bad-datetime.yaml", "blackout-unknown-key.yaml", "blackouts-not-a-list.yaml",
            "cron-five-fields.yaml", "email-consecutive-dots.yaml", "email-display-name.yaml", "email-list.yaml",
            "email-technicians-smtp-refuses.yaml", "id-leading-hyphen.yaml", "id-too-long.yaml", "jobs-and-all.yaml",
            "jobs-empty-and-all.json", "jobs-empty.yaml", "jobs-wildcard-middle.yaml", "language-fr.yaml",
            "max-duration-not-iso.yaml", "max-duration-zero.yaml", "min-free-negative.yaml", "rpo-zero.yaml",
            "missing-required.yaml", "neither-jobs-nor-all.yaml", "not-an-object.yaml", "overlap-wait.yaml",
            "retry-attempts-6.yaml", "retry-delay-30s.yaml", "several-problems.yaml",
            "storage-missing-repository.yaml", "storage-path-dotdot.yaml", "storage-path-relative.yaml",
            "technician-bad-email.yaml", "title-control-char.json", "title-empty.yaml", "title-too-long.yaml",
            "unknown-field-case.json", "unknown-field-nested.yaml", "unknown-field-notify.yaml",
            "unknown-field-top-level.yaml", "valid-from-bad-date.yaml", "version-2.yaml", "version-text.yaml",
            "window-as-number.yaml", "window-bad-hhmm.yaml", "window-missing-end.yaml",
            "window-start-number.yaml", "wrong-types.json");

    /**
     * Invalid files that are well-formed for the schema: only Respaldo can reject them. A JSON
     * Schema cannot parse a cron expression (a 6-field "25 o'clock" or six Spanish words look like
     * any other cron), know the IANA zone list or the configured Veeam servers, compare two fields
     * (validUntil with validFrom, window.end with window.start, maxDuration with the window,
     * blackout to with from), compute fire times (outside the window, never in 366 days, which also
     * depend on today), or see duplicate keys, syntax, size, extension or document count, which
     * are gone once the file is a tree.
     */
    static final List<String> SCHEMA_CANNOT_DETECT = List.of(
            "blackout-to-before-from.yaml", "cron-bad-values.yaml", "cron-garbage.yaml",
            "cron-outside-window.yaml", "cron-partly-outside-window.yaml", "max-duration-longer-than-window.yaml",
            "rpo-shorter-than-gap.yaml",
            "never-fires-blackouts.yaml", "never-fires-validity-past.yaml", "unknown-timezone.yaml",
            "unknown-veeam-server.yaml", "valid-until-before-from.yaml", "window-start-equals-end.yaml",
            // file-level: rejected by ScheduleFile before there is a tree to check
            "ansi-encoding.yaml", "comments-only.yaml", "duplicate-key.json", "duplicate-key.yaml", "empty.yaml",
            "multiple-documents.yaml", "syntax-error.json", "syntax-error.yaml", "tab-indent.yaml",
            "too-big.yaml", "trailing-comma.json", "windows-path-double-quotes.yaml", "wrong-extension.txt",
            "wrong-extension.yaml.bak");

    private static JsonNode read(Path p) {
        try {
            String name = p.getFileName().toString();
            return (name.endsWith(".json") ? JSON : YAML).readTree(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> errors(JsonNode tree) {
        return SCHEMA.validate(tree).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    static Stream<Path> valid() {
        return Corpus.files(Corpus.VALID).stream();
    }

    static Stream<Path> examples() {
        return Corpus.schedules(Corpus.EXAMPLES).stream();
    }

    @Test
    void theSchemaIsAValidDraft07Schema() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"));
        assertThat(meta.validate(read(Corpus.SCHEMA))).isEmpty();
        ObjectNode broken = ((ObjectNode) read(Corpus.SCHEMA)).put("required", "version");
        assertThat(meta.validate(broken)).as("the meta-schema check can fail").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void everyValidFilePassesTheSchema(Path p) {
        assertThat(errors(read(p))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theStoredFormOfEveryValidFilePassesTheSchema(Path p) {
        assertThat(errors(ScheduleJson.toJson(Corpus.schedule(p)))).isEmpty();
    }

    @Test
    void theThreeExamplesArePresent() {
        assertThat(examples().map(p -> p.getFileName().toString())).contains(
                "respaldo-nocturno-bd.yaml", "respaldo-semanal-expedientes.yaml", "respaldo-todos.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExamplePassesTheSchemaAndTheValidator(Path p) throws IOException {
        assertThat(errors(read(p))).isEmpty();
        ScheduleFile.Parsed parsed = Corpus.file().parse(p.getFileName().toString(), Files.readAllBytes(p));
        assertThat(parsed.problems()).isEmpty();
        assertThat(Corpus.validator().validate(parsed.tree()).problems()).isEmpty();
        if (!p.toString().endsWith(".json")) {
            assertThat(Files.readAllLines(p).get(0))
                    .isEqualTo("# yaml-language-server: $schema=../src/main/resources/schedule.schema.json");
        }
    }

    @Test
    void everyInvalidFileIsClassified() {
        Set<String> onDisk = Corpus.files(Corpus.INVALID).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(SCHEMA_DETECTS).doesNotContainAnyElementsOf(SCHEMA_CANNOT_DETECT).doesNotHaveDuplicates();
        assertThat(Stream.concat(SCHEMA_DETECTS.stream(), SCHEMA_CANNOT_DETECT.stream()))
                .containsExactlyInAnyOrderElementsOf(onDisk);
    }

    static Stream<String> schemaDetects() {
        return SCHEMA_DETECTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaDetects")
    void theSchemaRejectsWhatItCanSeeAtTheFieldsTheValidatorNames(String name) {
        Set<ValidationMessage> messages = SCHEMA.validate(read(Corpus.INVALID.resolve(name)));
        assertThat(messages).isNotEmpty();
        List<String> named = List.of(Corpus.manifest().getProperty(name).split(","));
        // every schema error concerns a field the validator names (or its parent or child), never something else
        for (ValidationMessage m : messages) {
            String at = location(m);
            assertThat(named).as("%s: schema error %s at \"%s\"", name, m.getMessage(), at)
                    .anySatisfy(field -> assertThat(related(at, field)).isTrue());
        }
    }

    /** The field path of a schema error, in the validator's notation (window.end, blackouts[0].to). */
    private static String location(ValidationMessage m) {
        String at = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        boolean namesAProperty = m.getType().equals("required") || m.getType().equals("additionalProperties");
        if (namesAProperty && m.getProperty() != null) {
            at = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
        }
        return at;
    }

    private static boolean related(String schemaPath, String field) {
        if (field.equals("file")) {
            return schemaPath.isEmpty();
        }
        if (field.equals("veeam.jobs") && schemaPath.equals("veeam.all")) {
            return true; // "exactly one of jobs or all: true": the schema's oneOf may blame either side
        }
        return schemaPath.equals(field) || within(schemaPath, field) || within(field, schemaPath);
    }

    private static boolean within(String inner, String outer) {
        return !outer.isEmpty() && (inner.startsWith(outer + ".") || inner.startsWith(outer + "["));
    }

    static Stream<String> schemaCannotDetectButParses() {
        return SCHEMA_CANNOT_DETECT.stream().filter(n -> Corpus.file().parse(n, Corpus.bytes(Corpus.INVALID.resolve(n))).ok());
    }

    /** Keeps the list above honest: these trees really are schema-valid; only the validator rejects them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaCannotDetectButParses")
    void theSchemaAcceptsWhatOnlyTheValidatorRejects(String name) {
        JsonNode tree = Corpus.tree(Corpus.INVALID.resolve(name));
        assertThat(errors(tree)).isEmpty();
        assertThat(Corpus.validator().validate(tree).ok()).isFalse();
    }

    @ParameterizedTest(name = "unknown field under {0}")
    @ValueSource(strings = {"", "window", "veeam", "storage", "notify", "retry", "blackouts/1"})
    void theSchemaFailsAValidTreeWithAnUnknownFieldAtAnyLevel(String at) {
        ObjectNode tree = (ObjectNode) read(Corpus.VALID.resolve("completo.yaml"));
        assertThat(errors(tree)).as("the unmutated tree passes").isEmpty();
        JsonNode target = at.isEmpty() ? tree : tree.at("/" + at);
        ((ObjectNode) target).put("campoDesconocido", true);
        assertThat(errors(tree)).isNotEmpty();
        assertThat(Corpus.validator().validate(tree).problems()).extracting(Problem::field)
                .anySatisfy(f -> assertThat(f).endsWith("campoDesconocido"));
    }

    @Test
    void theSchemaKnowsTheSameFieldsAsTheValidator() {
        JsonNode schema = read(Corpus.SCHEMA);
        assertThat(names(schema.get("properties"))).isEqualTo(ScheduleValidator.TOP);
        assertThat(names(schema.at("/properties/window/properties"))).isEqualTo(ScheduleValidator.WINDOW);
        assertThat(names(schema.at("/properties/veeam/properties"))).isEqualTo(ScheduleValidator.VEEAM);
        assertThat(names(schema.at("/properties/storage/properties"))).isEqualTo(ScheduleValidator.STORAGE);
        assertThat(names(schema.at("/properties/notify/properties"))).isEqualTo(ScheduleValidator.NOTIFY);
        assertThat(names(schema.at("/properties/retry/properties"))).isEqualTo(ScheduleValidator.RETRY);
        assertThat(names(schema.at("/properties/blackouts/items/oneOf/1/properties"))).isEqualTo(ScheduleValidator.BLACKOUT);
        assertThat(schema.findValues("additionalProperties")).hasSize(7).allSatisfy(v -> assertThat(v.asBoolean(true)).isFalse());
    }

    /**
     * The schema's address pattern is the validator's address rule ({@link org.respaldo.text.EmailAddress}).
     * (Not compared: a trailing line break, which the JDK's {@code $} lets through here but the
     * ECMA-262 {@code $} of editors does not; the validator refuses it either way.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"director@mineco.gob.gt", "tecnico+respaldo@mineco.gob.gt", "o'brien@example.com",
        "respaldo@localhost", "a@123.example.com", "mesa.ti@xn--mineconoma-j9a.gt",
        "a@x..com", "a,b@x.com", "a@x.com, b@x.com", "Director <d@x.com>", "a@x", "operaciones.ti@mineco",
        "a@-x.com", "a@x-.com", "a@1.2.3.4", "a@x.123", "a@[10.0.0.5]", "\"a b\"@x.com", "a..b@x.com", ".a@x.com",
        "a.@x.com", "ñandú@x.com", "a@ñ.com", "a b@x.com", "a@x.com\tb", "@x.com", "a@", "a@@x.com", "a@x_y.com"})
    void theSchemaEmailPatternIsTheValidatorsRule(String address) {
        JsonNode email = read(Corpus.SCHEMA).at("/definitions/email");
        JsonSchema schema = FACTORY.getSchema(email);
        boolean schemaAccepts = schema.validate(JSON.getNodeFactory().textNode(address)).isEmpty();
        assertThat(schemaAccepts).as("schema accepts %s", address).isEqualTo(org.respaldo.text.EmailAddress.valid(address));
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
