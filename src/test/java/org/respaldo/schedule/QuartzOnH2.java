package org.respaldo.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.quartz.Scheduler;
import org.respaldo.store.Database;

/** A migrated embedded H2 database with Respaldo's Quartz JDBC store on it, never started: nothing fires. */
final class QuartzOnH2 implements AutoCloseable {

    final Database db;
    final Scheduler scheduler;

    private QuartzOnH2(Database db, Scheduler scheduler) {
        this.db = db;
        this.scheduler = scheduler;
    }

    static QuartzOnH2 open(Path dir) throws Exception {
        Database db = Database.open(null, null, null, Files.createDirectories(dir.resolve("data")), 4);
        org.respaldo.store.Migrations.migrate(db.dataSource(), "h2");
        Scheduler scheduler = QuartzStore.factory(db.dataSource(),
                new QuartzStore.Config("h2", "test-node", 1, Duration.ofMinutes(1), false, Duration.ofSeconds(15))).getScheduler();
        return new QuartzOnH2(db, scheduler);
    }

    @Override
    public void close() throws Exception {
        scheduler.shutdown(false);
        db.close();
    }
}
