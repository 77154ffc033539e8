package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The {@code rpo} field: at least the longest gap between two fires; stored as given; absent by default. */
class ScheduleRpoTest {

    private static ScheduleValidator.Result validate(String cron, String rpo) {
        String text = """
                version: 1
                id: rpo-prueba
                title: Prueba de rpo
                owner: operaciones.ti@mineco.gob.gt
                cron: "%s"
                window: {start: "22:00", end: "05:00"}
                %s
                veeam: {jobs: [BD-SQLServer-Produccion]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director.ti@mineco.gob.gt}
                """.formatted(cron, rpo == null ? "" : "rpo: " + rpo);
        ScheduleFile.Parsed parsed = Corpus.file().parse("rpo.yaml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parsed.problems()).isEmpty();
        return Corpus.validator().validate(parsed.tree());
    }

    @Test
    void anRpoShorterThanTheLongestGapIsRejectedNamingRpo() {
        // working days at 22:30: Friday to Monday is three days
        ScheduleValidator.Result r = validate("0 30 22 ? * MON-FRI", "P2D");
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(Problem::field).containsExactly("rpo");
        Problem p = r.problems().get(0);
        assertThat(p.es()).contains("PT48H").contains("PT72H").contains("mayor intervalo entre dos disparos");
        assertThat(p.en()).contains("PT48H").contains("PT72H").contains("longest gap between two fires");
    }

    @Test
    void anRpoEqualToTheLongestGapIsAccepted() {
        ScheduleValidator.Result r = validate("0 30 22 ? * MON-FRI", "PT72H");
        assertThat(r.problems()).isEmpty();
        assertThat(r.schedule().rpo()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aValidRpoIsKeptInTheStoredFormAndReadBack() {
        ScheduleValidator.Result r = validate("0 30 22 * * ?", "P1DT12H");
        assertThat(r.problems()).isEmpty();
        JsonNode stored = ScheduleJson.toJson(r.schedule());
        assertThat(stored.get("rpo").asText()).isEqualTo("PT36H");
        assertThat(Corpus.validator().restore(stored)).isEqualTo(r.schedule());
    }

    @Test
    void withoutRpoTheScheduleHasNoneAndTheStoredFormNoField() {
        ScheduleValidator.Result r = validate("0 30 22 * * ?", null);
        assertThat(r.schedule().rpo()).isNull();
        assertThat(ScheduleJson.toJson(r.schedule()).has("rpo")).isFalse();
    }

    @Test
    void anRpoThatIsNotADurationOrNotPositiveIsRejected() {
        assertThat(validate("0 30 22 * * ?", "mañana").problems()).extracting(Problem::field).containsExactly("rpo");
        assertThat(validate("0 30 22 * * ?", "PT0S").problems()).extracting(Problem::field).containsExactly("rpo");
    }

    @Test
    void theLongestGapOfCommonCrons() {
        Schedule daily = validate("0 30 22 * * ?", null).schedule();
        assertThat(FireTimes.longestGap(daily, Corpus.NOW)).contains(Duration.ofDays(1));
        Schedule weekdays = validate("0 30 22 ? * MON-FRI", null).schedule();
        assertThat(FireTimes.longestGap(weekdays, Corpus.NOW)).contains(Duration.ofDays(3));
        // twice a night: 22:30 and 04:30, the day-time gap is the longest
        Schedule twice = validate("0 30 4,22 * * ?", null).schedule();
        assertThat(FireTimes.longestGap(twice, Corpus.NOW)).contains(Duration.ofHours(18));
        // one fire only: no gap
        Schedule once = validate("0 30 22 1 1 ? 2027", null).schedule();
        assertThat(FireTimes.longestGap(once, Corpus.NOW)).isEmpty();
        assertThat(List.of(daily, weekdays, twice, once)).allMatch(s -> s.rpo() == null);
    }

    @Test
    void theRpoIsNotPartOfTheTriggerSignature() {
        Schedule without = validate("0 30 22 * * ?", null).schedule();
        Schedule with = validate("0 30 22 * * ?", "P3D").schedule();
        assertThat(ScheduleTriggers.signature(with)).isEqualTo(ScheduleTriggers.signature(without));
    }
}
