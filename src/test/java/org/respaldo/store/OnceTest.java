package org.respaldo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.respaldo.testing.Databases;

/** Once per cluster: of many claimants of one key (threads standing for nodes), exactly one wins. */
class OnceTest {

    static final Instant T0 = Instant.parse("2026-12-01T13:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void ofSixteenRacingClaimsOfOneKeyExactlyOneWins(String kind) throws Exception {
        try (Database db = Databases.open(kind, dir, 20)) {
            String key = "digest:" + kind + ":" + System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Once once = new Once(db.dataSource(), "nodo-" + i);
                claims.add(pool.submit(() -> {
                    go.await();
                    return once.claim(key, T0, "the day's digest");
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            Once later = new Once(db.dataSource(), "nodo-x");
            assertThat(later.claim(key, T0.plusSeconds(60), "after a restart")).isFalse();
            assertThat(later.doneAt(key)).contains(T0);
            assertThat(later.doneAt(key + ":other")).isEmpty();
        }
    }
}
