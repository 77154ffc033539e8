package org.respaldo.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.store.Database;
import org.respaldo.testing.Databases;

/** Claims on the outbox over real JDBC, on H2 and on PostgreSQL: what a node that restarts after a crash gives back. */
class OutboxClaimTest {

    static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private Database open(String kind) {
        return Databases.open(kind, dir, 8);
    }

    private static Mail mail(String subject) {
        return new Mail("accepted", List.of("director@mineco.gob.gt"), subject, "texto", null,
                Map.of(Mail.EVENT_HEADER, "accepted", Mail.SCHEDULE_HEADER, "nocturno"), List.of());
    }

    private static List<String> subjects(List<Outbox.Claimed> claimed) {
        return claimed.stream().map(c -> c.mail().subject()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRestartedNodeGivesBackWhatItsPreviousProcessClaimedAndNothingOfOtherNodes(String kind) {
        try (Database db = open(kind)) {
            Outbox outbox = new Outbox(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
            for (String s : List.of("m1", "m2", "m3", "m4")) {
                outbox.enqueue(mail(s));
            }
            // the previous process of nodo-a claimed m1 and died; m2 and m3 are being sent by live nodes
            assertThat(subjects(outbox.claimDue("nodo-a", 1, LEASE))).containsExactly("m1");
            assertThat(subjects(outbox.claimDue("nodo-ab", 1, LEASE))).containsExactly("m2");
            assertThat(subjects(outbox.claimDue("nodoXa", 1, LEASE))).containsExactly("m3");
            assertThat(subjects(outbox.claimDue("nodo-c", 10, LEASE))).as("within the lease, only the unclaimed mail").containsExactly("m4");
            outbox.release(outbox.list(Outbox.Status.PENDING, null, 10).stream().filter(e -> e.subject().equals("m4")).findFirst()
                    .orElseThrow().id());

            assertThat(outbox.releaseClaimsOf("nodo-a")).as("nodo-a restarts").isEqualTo(1);
            assertThat(subjects(outbox.claimDue("nodo-a", 10, LEASE))).as("due again at once, without waiting for the lease")
                    .containsExactly("m1", "m4");
            // a name's LIKE wildcards are taken literally: nodo_a is not nodoXa (nor nodo-a)
            assertThat(outbox.releaseClaimsOf("nodo_a")).isZero();
            assertThat(outbox.releaseClaimsOf("nodo")).as("a prefix of another node's name").isZero();
            assertThat(subjects(outbox.claimDue("nodo-c", 10, LEASE))).as("the live nodes' claims hold").isEmpty();
        }
    }
}
