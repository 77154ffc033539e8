package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The stored form of a schedule ({@link ScheduleJson}) reads back as the same schedule. */
class ScheduleJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> schedules() {
        return Stream.concat(Corpus.files(Corpus.VALID).stream(), Corpus.schedules(Corpus.EXAMPLES).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void roundTripGivesAnEqualSchedule(Path p) throws Exception {
        Schedule s = Corpus.schedule(p);
        ObjectNode stored = ScheduleJson.toJson(s);
        assertThat(Corpus.validator().restore(stored)).isEqualTo(s);
        // as it would come back from the database: text, then a tree again
        JsonNode reread = JSON.readTree(JSON.writeValueAsString(stored));
        assertThat(Corpus.validator().restore(reread)).isEqualTo(s);
        // and the stored form is itself an acceptable schedule file (same rules, same clock)
        assertThat(Corpus.validator().validate(reread).problems()).isEmpty();
        // stored again, it is the same text: the stored form is stable
        assertThat(ScheduleJson.toJson(Corpus.validator().restore(reread))).isEqualTo(stored);
    }

    @Test
    void theStoredFormWritesEveryDefaultOut() {
        ObjectNode stored = ScheduleJson.toJson(Corpus.schedule(Corpus.VALID.resolve("minimo.yaml")));
        assertThat(stored.get("enabled").asBoolean()).isTrue();
        assertThat(stored.get("timezone").asText()).isEqualTo("America/Guatemala");
        assertThat(stored.at("/veeam/server").asText()).isEqualTo("principal");
        assertThat(stored.at("/veeam/activeFull").asBoolean()).isFalse();
        assertThat(stored.at("/storage/minFreeGb").asDouble()).isZero();
        assertThat(stored.at("/notify/technicians").isArray()).isTrue();
        assertThat(stored.at("/notify/language").asText()).isEqualTo("es");
        assertThat(stored.at("/retry/attempts").asInt()).isZero();
        assertThat(stored.at("/retry/delay").asText()).isEqualTo("PT10M");
        assertThat(stored.get("overlap").asText()).isEqualTo("skip");
        assertThat(stored.get("blackouts").isArray()).isTrue();
        assertThat(stored.has("validFrom")).isFalse();
        assertThat(stored.has("maxDuration")).isFalse();
    }

    @Test
    void aStoredScheduleRestoresAfterItsServerLeftTheConfigurationAndItsValidityEnded() {
        Schedule s = Corpus.schedule(Corpus.VALID.resolve("completo.yaml")); // server "secundario", until 2027-06-30
        ScheduleValidator later = new ScheduleValidator(new ScheduleValidator.Rules(Corpus.GUATEMALA, List.of("principal"),
                Clock.fixed(Instant.parse("2028-01-01T00:00:00Z"), ZoneOffset.UTC)));
        ObjectNode stored = ScheduleJson.toJson(s);
        assertThat(later.restore(stored)).isEqualTo(s);
        // re-validated as a new file it would be rejected (the cron checks only run once the fields are right)
        assertThat(later.validate(stored).problems()).extracting(Problem::field).containsExactly("veeam.server");
    }
}
