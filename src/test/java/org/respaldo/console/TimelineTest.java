package org.respaldo.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineTest {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final Instant FIRE = Instant.parse("2026-12-02T04:30:00Z"); // 22:30 in Guatemala

    @Test
    void theAxisRunsFromTheScheduledStartToTheWindowsEndWithOneBarPerJob() {
        Instant deadline = FIRE.plus(Duration.ofHours(4));
        Timeline.View v = Timeline.of(FIRE, deadline, deadline.plusSeconds(60), false, List.of(
                new Timeline.JobSpan("BD-1", "exito", "éxito", FIRE.plus(Duration.ofHours(1)), FIRE.plus(Duration.ofHours(2))),
                new Timeline.JobSpan("BD-2", "fallo", "fallo", FIRE.plus(Duration.ofHours(3)), FIRE.plus(Duration.ofHours(4))),
                new Timeline.JobSpan("BD-3", "fallo", "sin iniciar", null, null)), GT, false);
        assertThat(v.windowX()).isEqualTo("0.00%");
        assertThat(v.windowWidth()).isEqualTo("100.00%");
        assertThat(v.label()).isEqualTo("Ventana 22:30–02:30 (America/Guatemala)");
        assertThat(v.showNow()).isFalse();
        assertThat(v.bars()).extracting(Timeline.Bar::x).containsExactly("25.00%", "75.00%", "0%");
        assertThat(v.bars()).extracting(Timeline.Bar::width).containsExactly("25.00%", "25.00%", "0%");
        assertThat(v.bars()).extracting(Timeline.Bar::started).containsExactly(true, true, false);
        assertThat(v.bars().get(0).label()).isEqualTo("BD-1: programado 22:30, inicio 23:30, fin 00:30 (éxito)");
        assertThat(v.bars().get(2).label()).isEqualTo("BD-3: sin iniciar (sin iniciar)");
    }

    @Test
    void aJobStillRunningEndsAtNowAndAJobPastTheWindowWidensTheAxis() {
        Instant deadline = FIRE.plus(Duration.ofHours(1));
        Instant now = FIRE.plus(Duration.ofHours(2));
        Timeline.View v = Timeline.of(FIRE, deadline, now, true, List.of(
                new Timeline.JobSpan("BD-1", "curso", "en curso", FIRE.plus(Duration.ofMinutes(30)), null)), GT, true);
        assertThat(v.windowWidth()).as("the window is the first half of the axis").isEqualTo("50.00%");
        assertThat(v.nowX()).isEqualTo("100.00%");
        assertThat(v.showNow()).isTrue();
        Timeline.Bar bar = v.bars().get(0);
        assertThat(bar.running()).isTrue();
        assertThat(bar.mark()).isEqualTo("curso");
        assertThat(bar.x()).isEqualTo("25.00%");
        assertThat(bar.width()).isEqualTo("75.00%");
        assertThat(bar.label()).isEqualTo("BD-1: scheduled 22:30, started 23:00, still running (en curso)");
    }

    @Test
    void theExpectedEndIsTheStartPlusTheMedianOfEarlierRuns() {
        Instant start = FIRE.plusSeconds(5);
        assertThat(Timeline.expectedEnd(start, List.of(Duration.ofMinutes(50), Duration.ofMinutes(10), Duration.ofMinutes(30))))
                .contains(start.plus(Duration.ofMinutes(30)));
        assertThat(Timeline.expectedEnd(start, List.of(Duration.ofMinutes(10), Duration.ofMinutes(20))))
                .contains(start.plus(Duration.ofMinutes(15)));
        assertThat(Timeline.expectedEnd(start, List.of())).as("no history").isEmpty();
    }
}
