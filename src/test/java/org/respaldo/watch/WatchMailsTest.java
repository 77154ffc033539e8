package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.respaldo.outbox.Mail;

/** The digest in English, and what it says when a section is empty or a server did not answer. */
class WatchMailsTest {

    static final ZoneId GT = ZoneId.of("America/Guatemala");

    @Test
    void anEnglishDigestWithEmptySectionsAndAServerThatDidNotAnswer() {
        Instant now = Instant.parse("2026-12-01T13:00:00Z");
        WatchMails.Digest d = new WatchMails.Digest(LocalDate.of(2026, 12, 1), GT, now.minus(Duration.ofDays(1)), now, List.of(),
                List.of(new WatchMails.DigestBreach("nocturno", "Nocturno <BD>", now.minus(Duration.ofHours(3)), null, Duration.ofDays(2))),
                List.of(), List.of(new WatchMails.DigestRepository("secundario", null, null, null, null, "connection refused"),
                        new WatchMails.DigestRepository("principal", "Repositorio-CD-Local", 900.0, 1000.0, 850.0, null)),
                List.of());
        Mail m = new WatchMails().digest(d, List.of("director.ti@mineco.gob.gt"), "en");
        assertThat(m.event()).isEqualTo("digest");
        assertThat(m.headers()).containsEntry(Mail.EVENT_HEADER, "digest");
        assertThat(m.subject()).isEqualTo("[Respaldo] DAILY DIGEST 2026-12-01: 0 runs, 0 with problems, 1 with no recent backup");
        assertThat(m.text()).contains("Runs in the last 24 hours (0)").contains("No run.")
                .contains("Failures, skips and missed fires (0)")
                .contains("No recent backup (RPO) (1)").contains("* Nocturno <BD> (nocturno)").contains("Last good backup: none")
                .contains("RPO: 2 d")
                .contains("Fires in the next 24 hours (0)")
                .contains("no data: connection refused")
                .contains("Free now: 900.0 GB (90 %)").contains("Free 7 days ago: 850.0 GB").contains("Change over the week: +50.0 GB")
                .contains("Mails not delivered (0)");
        assertThat(m.html()).contains("Nocturno &lt;BD&gt;").doesNotContain("Nocturno <BD>");
    }

    @Test
    void durationsAsPeopleReadThem() {
        assertThat(WatchMails.duration(Duration.ofHours(36))).isEqualTo("1 d 12 h");
        assertThat(WatchMails.duration(Duration.ofMinutes(45))).isEqualTo("45 min");
        assertThat(WatchMails.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(WatchMails.duration(Duration.ofDays(3))).isEqualTo("3 d");
    }
}
