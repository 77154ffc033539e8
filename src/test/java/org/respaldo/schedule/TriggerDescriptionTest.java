package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a schedule's Quartz trigger says about itself: read back at start and by the other nodes. */
class TriggerDescriptionTest {

    @Test
    void theSignatureIsReadBackFromTheDescriptionAndFitsQuartzsColumn() {
        String longestId = "a" + "-".repeat(61) + "z"; // the validator's longest id: 63 characters
        String signature = "f".repeat(64);
        String description = ScheduleTriggers.description(longestId, Integer.MAX_VALUE, signature);
        assertThat(description).hasSizeLessThanOrEqualTo(250); // QRTZ_TRIGGERS.DESCRIPTION VARCHAR(250), H2 and PostgreSQL
        assertThat(ScheduleValidator.ID.matcher(longestId).matches()).isTrue();
        assertThat(ScheduleTriggers.signatureIn(description)).isEqualTo(signature);
        assertThat(ScheduleTriggers.signatureIn(ScheduleTriggers.description("nocturno", 3, signature))).isEqualTo(signature);
    }

    @Test
    void aTriggerOfAnEarlierVersionHasNoSignatureInItsDescription() {
        assertThat(ScheduleTriggers.signatureIn("nocturno v3")).isNull();
        assertThat(ScheduleTriggers.signatureIn(null)).isNull();
    }
}
