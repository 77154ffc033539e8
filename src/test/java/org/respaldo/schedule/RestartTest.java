package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.LogLines;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;

/** Stop the application and start it again on the same data dir: schedules come back, no fire runs twice. */
class RestartTest {

    static final Path DATA = Path.of("target/it/restart");
    static final int PORT = Ports.free();
    /** No Veeam in these tests: their runs try Veeam once instead of waiting on the client's retries. */
    static final Map<String, String> FAST = Map.of("respaldo.intake.min-age-ms", "300", "respaldo.veeam.retry-attempts", "1");

    @Test
    void afterARestartEverySchedulesIsActiveAgainAndNoFireTimeRunsTwice() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        Path inbox = DATA.resolve("inbox");
        Instant restartedAt;
        try (RespaldoApp app = RespaldoApp.start(DATA, PORT, FAST)) {
            ScheduleFiles.drop(inbox, "cada-2s.yaml", ScheduleFiles.everySeconds("cada-2s", 2, ZoneId.of("America/Guatemala")));
            ScheduleFiles.drop(inbox, "nocturno.yaml", ScheduleFiles.nightly("nocturno", "Nocturno"));
            ScheduleFiles.drop(inbox, "apagado.yaml",
                    ScheduleFiles.nightly("apagado", "Apagado").replace("cron:", "enabled: false\ncron:"));
            ScheduleStore store = app.bean("scheduleStore", ScheduleStore.class);
            Eventually.await(Duration.ofSeconds(20), "two fires before the restart", () -> store.fires("cada-2s").size() >= 2);
        }
        restartedAt = Instant.now();
        try (RespaldoApp app = RespaldoApp.start(DATA, PORT, FAST)) {
            JsonNode list = Http.get(app.url("/api/schedules")).json();
            assertThat(list).extracting(n -> n.get("id").asText()).containsExactly("apagado", "cada-2s", "nocturno");
            assertThat(list.get(0).get("nextFireTime").isNull()).as("disabled stays without trigger").isTrue();
            assertThat(list.get(1).get("nextFireTime").isNull()).isFalse();
            assertThat(list.get(2).get("nextFireTime").asText()).endsWith("T23:00:00-06:00");
            assertThat(Http.get(app.url("/api/schedules/nocturno")).json().get("version").asInt()).isEqualTo(1);

            ScheduleStore store = app.bean("scheduleStore", ScheduleStore.class);
            // the fires recorded before the restart (counted by time: on a loaded machine the start-up above can take
            // longer than a fire's interval, so a count taken now may already hold fires of this process)
            int before = (int) store.fires("cada-2s").stream().filter(f -> !f.scheduled().isAfter(restartedAt)).count();
            Eventually.await(Duration.ofSeconds(20), "fires after the restart",
                    () -> store.fires("cada-2s").stream().filter(f -> f.scheduled().isAfter(restartedAt)).count() >= 2);
            List<ScheduleStore.Fire> fires = store.fires("cada-2s");
            assertThat(fires.size()).isGreaterThan(before);
            assertThat(new HashSet<>(fires.stream().map(ScheduleStore.Fire::scheduled).toList())).hasSameSizeAs(fires);

            // a fire time handed over a second time (a late duplicate, another node) does not run again
            ScheduleStore.Fire first = fires.get(0);
            NotifyBuilder runs = new NotifyBuilder(app.context()).fromRoute("schedule-runs")
                    .whenAnyDoneMatches(e -> e.getMessage().getBody() instanceof Fire f
                            && f.scheduledFireTime().equals(first.scheduled())).create();
            app.context().createProducerTemplate().sendBody("direct:schedule-fired",
                    new Fire("cada-2s", 1, first.scheduled(), Instant.now()));
            assertThat(runs.matches(2, TimeUnit.SECONDS)).as("a recorded fire time is not run again").isFalse();
            assertThat(store.fires("cada-2s").stream().filter(f -> f.scheduled().equals(first.scheduled())).count()).isEqualTo(1);
        }
    }

    /**
     * A stop (SIGTERM, a service stop) stops Quartz while the routes that record fires still run: a fire Quartz has
     * already taken (it takes each one ahead of its time) and a misfire it is reporting never reach a stopped route,
     * where they would wait 30 s for a consumer and be lost. A trigger asked for after that (a version stored by a file
     * still being handled) is left for the next start, without an error.
     */
    @Test
    void quartzStopsBeforeTheRoutesThatRecordFiresAndATriggerAskedForAfterThatIsLeftForTheNextStart()
            throws Exception {
        Path data = Path.of("target/it/restart-stop");
        ScheduleFiles.deleteTree(data);
        Path inbox = data.resolve("inbox");
        int port = Ports.free();
        List<String> atRouteStop = new CopyOnWriteArrayList<>();
        try (LogLines log = LogLines.capture()) {
            try (RespaldoApp app = RespaldoApp.start(data, port, FAST)) {
                ScheduleFiles.drop(inbox, "cada-2s.yaml", ScheduleFiles.everySeconds("cada-2s", 2, ZoneId.of("America/Guatemala")));
                ScheduleStore store = app.bean("scheduleStore", ScheduleStore.class);
                Eventually.await(Duration.ofSeconds(20), "a fire", () -> store.fires("cada-2s").size() >= 1);
                Scheduler quartz = app.context().getComponent("quartz", QuartzComponent.class).getScheduler();
                ScheduleRegistry registry = app.bean("scheduleRegistry", ScheduleRegistry.class);
                ActiveSchedule current = registry.get("cada-2s").orElseThrow();
                ActiveSchedule next = new ActiveSchedule(current.schedule(), current.version() + 1, Instant.now(), "cada-2s.yaml", "0");
                app.context().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) throws Exception {
                        if (event instanceof CamelEvent.RouteStoppingEvent r
                                && r.getRoute().getRouteId().equals("schedule-fired")) {
                            // the trigger of a version stored while Respaldo stops, as a file still being handled would ask
                            atRouteStop.add("Quartz shut down: " + quartz.isShutdown() + "; trigger registered: "
                                    + registry.triggers().register(next, Instant.now()));
                        }
                    }
                });
            }
            assertThat(atRouteStop).as("when the fire route stopped").containsExactly("Quartz shut down: true; trigger registered: false");
            assertThat(log.containing("Quartz has stopped", "cada-2s v2")).hasSize(1);
            assertThat(log.containing("ERROR")).isEmpty();
        }
    }
}
