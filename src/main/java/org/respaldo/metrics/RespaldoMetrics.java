package org.respaldo.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.respaldo.health.ServerHealth;
import org.respaldo.health.VeeamHealth;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.Run;
import org.respaldo.run.RunListener;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.store.Jdbc;
import org.respaldo.veeam.RequestCounters;
import org.respaldo.veeam.VeeamClient;
import org.respaldo.veeam.VeeamServers;

/**
 * Respaldo's own metrics (README "Metrics": the names and labels are a contract). Counters are this
 * node's (each node of a cluster exposes its own; Prometheus sums them): runs and jobs as the engine
 * concludes them ({@link RunListener}), intake files ({@link IntakeCounter}), Veeam requests (the
 * clients' {@link RequestCounters}). Gauges read the shared database and the latest Veeam checks, at
 * most once per {@code respaldo.metrics.refresh-interval} (route {@code metrics-refresh}), never per
 * scrape: last good run and next fire per schedule (two queries for all schedules), the outbox, the
 * servers' state, repositories' free space and certificates' end, and the RPO breaches when a
 * {@link RpoBreaches} bean exists.
 */
public final class RespaldoMetrics implements RunListener {

    /** Run durations: a few seconds (a test) to a day. */
    static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
        Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofHours(24)};

    private final MeterRegistry registry;
    private final Jdbc jdbc;
    private final Outbox outbox;
    private final ScheduleRegistry schedules;
    private final VeeamServers servers;
    private final VeeamHealth health;
    private final Supplier<RpoBreaches> rpo;
    private final Clock clock;

    private final MultiGauge lastSuccess;
    private final MultiGauge nextFire;
    private final MultiGauge rpoBreached;
    private final MultiGauge veeamUp;
    private final MultiGauge repositoryFree;
    private final MultiGauge repositoryCapacity;
    private final MultiGauge certificateExpiry;
    private final Set<String> requestMeters = ConcurrentHashMap.newKeySet();
    private volatile double outboxPending = Double.NaN;
    private volatile double outboxOldestSeconds = Double.NaN;
    private volatile Instant refreshedAt;

    public RespaldoMetrics(MeterRegistry registry, DataSource dataSource, Outbox outbox, ScheduleRegistry schedules,
            VeeamServers servers, VeeamHealth health, Supplier<RpoBreaches> rpo, Clock clock) {
        this.registry = registry;
        this.jdbc = new Jdbc(dataSource);
        this.outbox = outbox;
        this.schedules = schedules;
        this.servers = servers;
        this.health = health;
        this.rpo = rpo;
        this.clock = clock;
        lastSuccess = MultiGauge.builder("respaldo.schedule.last.success.timestamp.seconds")
                .description("When the schedule's last run with result SUCCESS or WARNING ended (Unix time)").register(registry);
        nextFire = MultiGauge.builder("respaldo.schedule.next.fire.timestamp.seconds")
                .description("The schedule's next planned fire (Unix time)").register(registry);
        rpoBreached = MultiGauge.builder("respaldo.schedule.rpo.breached")
                .description("1 when the schedule's last good run is older than its RPO").register(registry);
        veeamUp = MultiGauge.builder("respaldo.veeam.up")
                .description("1 when the Veeam server answered, accepted the API revision and the login at the last check")
                .register(registry);
        repositoryFree = MultiGauge.builder("respaldo.repository.free.bytes")
                .description("Free space of a Veeam repository at the last check").register(registry);
        repositoryCapacity = MultiGauge.builder("respaldo.repository.capacity.bytes")
                .description("Capacity of a Veeam repository at the last check").register(registry);
        certificateExpiry = MultiGauge.builder("respaldo.certificate.expiry.timestamp.seconds")
                .description("End of validity of the certificate the Veeam server presents (Unix time)").register(registry);
        Gauge.builder("respaldo.mail.outbox.pending", this, m -> m.outboxPending)
                .description("Mails in the outbox not yet accepted by the SMTP server").register(registry);
        Gauge.builder("respaldo.mail.outbox.oldest.pending.seconds", this, m -> m.outboxOldestSeconds)
                .description("Age of the oldest pending mail (0 when none is pending)").register(registry);
    }

    // ---------------------------------------------------------------- counters

    @Override
    public void runConcluded(Run run) {
        if (run.result() == null) {
            return;
        }
        Counter.builder("respaldo.runs").description("Runs concluded on this node, by result")
                .tags("schedule", run.scheduleId(), "result", lower(run.result().name())).register(registry).increment();
        if (run.startedAt() != null && run.endedAt() != null) {
            Timer.builder("respaldo.run.duration").description("How long runs took, from start to conclusion")
                    .serviceLevelObjectives(DURATION_BUCKETS).tags("schedule", run.scheduleId()).register(registry)
                    .record(Duration.between(run.startedAt(), run.endedAt()));
        }
    }

    @Override
    public void jobEnded(Run run, Run.Job job) {
        String server = job.server() != null ? job.server() : run.target() == null ? "" : run.target().veeamServer();
        Counter.builder("respaldo.jobs").description("Veeam jobs ended on this node, by result")
                .tags("server", server == null ? "" : server, "result", job.result() == null ? "unknown" : lower(job.result().name()))
                .register(registry).increment();
    }

    void intakeFile(String outcome) {
        Counter.builder("respaldo.intake.files").description("Schedule files the intake finished with, by outcome")
                .tags("outcome", outcome).register(registry).increment();
    }

    /** Every outcome starts at 0, so that a rate over the series exists before the first file. */
    void registerIntakeOutcomes() {
        for (String o : IntakeCounter.OUTCOMES) {
            Counter.builder("respaldo.intake.files").description("Schedule files the intake finished with, by outcome")
                    .tags("outcome", o).register(registry);
        }
    }

    // ---------------------------------------------------------------- gauges

    /** Reads the database and the latest Veeam checks once, for every gauge (route metrics-refresh). */
    public void refresh() {
        Instant now = clock.instant();
        Set<String> active = new java.util.HashSet<>();
        for (ActiveSchedule a : schedules.active()) {
            active.add(a.schedule().id());
        }
        Map<String, Double> last = new HashMap<>();
        jdbc.query("reading the last good runs", "SELECT schedule_id, MAX(ended_at) FROM run WHERE result IN ('SUCCESS', 'WARNING')"
                + " AND ended_at IS NOT NULL GROUP BY schedule_id", rs -> {
                    Instant at = Jdbc.instant(rs, 2);
                    if (at != null && active.contains(rs.getString(1))) {
                        last.put(rs.getString(1), at.toEpochMilli() / 1000.0);
                    }
                });
        lastSuccess.register(rows("schedule", last), true);
        Map<String, Double> next = new HashMap<>();
        jdbc.query("reading the next fires", "SELECT TRIGGER_NAME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = ?"
                + " AND NEXT_FIRE_TIME IS NOT NULL", rs -> {
                    if (active.contains(rs.getString(1)) && rs.getLong(2) > 0) {
                        next.merge(rs.getString(1), rs.getLong(2) / 1000.0, Math::min);
                    }
                }, "respaldo-schedules");
        nextFire.register(rows("schedule", next), true);
        RpoBreaches breaches = rpo.get();
        if (breaches != null) {
            Map<String, Double> b = new HashMap<>();
            breaches.breaches().forEach((k, v) -> b.put(k, Boolean.TRUE.equals(v) ? 1.0 : 0.0));
            rpoBreached.register(rows("schedule", b), true);
        }
        Outbox.Stats stats = outbox.stats(now);
        outboxPending = stats.pending();
        outboxOldestSeconds = stats.oldestPending() == null ? 0 : Math.max(0, Duration.between(stats.oldestPending(), now).toMillis() / 1000.0);
        refreshVeeam();
        refreshedAt = now;
    }

    private void refreshVeeam() {
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> free = new ArrayList<>();
        List<MultiGauge.Row<?>> capacity = new ArrayList<>();
        List<MultiGauge.Row<?>> certificate = new ArrayList<>();
        if (health != null) {
            for (ServerHealth h : health.latest().values()) {
                up.add(MultiGauge.Row.of(Tags.of("server", h.server()), h.up() ? 1 : 0));
                if (h.certificateNotAfter() != null) {
                    certificate.add(MultiGauge.Row.of(Tags.of("server", h.server()), h.certificateNotAfter().getEpochSecond()));
                }
                for (ServerHealth.Repository r : h.repositories()) {
                    Tags t = Tags.of("server", h.server(), "repository", r.name());
                    free.add(MultiGauge.Row.of(t, r.freeBytes()));
                    capacity.add(MultiGauge.Row.of(t, r.capacityBytes()));
                }
            }
        }
        veeamUp.register(up, true);
        repositoryFree.register(free, true);
        repositoryCapacity.register(capacity, true);
        certificateExpiry.register(certificate, true);
        for (String alias : servers.aliases()) {
            servers.existingClient(alias).ifPresent(this::requestCounters);
        }
    }

    private void requestCounters(VeeamClient client) {
        RequestCounters counters = client.counters();
        for (RequestCounters.Outcome o : counters.byStatus().keySet()) {
            if (requestMeters.add(client.alias() + "\n" + o.endpoint() + "\n" + o.status())) {
                FunctionCounter.builder("respaldo.veeam.requests", counters, c -> c.count(o.endpoint(), o.status()))
                        .description("Requests sent to the Veeam server by this node, by endpoint and answer status (none: no answer)")
                        .tags("server", client.alias(), "endpoint", o.endpoint(), "status", o.status()).register(registry);
            }
        }
    }

    /** When the gauges were last refreshed (null before the first refresh). */
    public Instant refreshedAt() {
        return refreshedAt;
    }

    public MeterRegistry registry() {
        return registry;
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Double> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((k, v) -> rows.add(MultiGauge.Row.of(Tags.of(tag, k), v)));
        return rows;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
