package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.sim.RecordedRequest;

/**
 * {@code make bench}: Veeam requests per job run and the client's overhead per request, against the
 * simulator over HTTPS. Prints tables for the README.
 */
@Tag("bench")
class VeeamClientBenchmarkTest {

    @TempDir
    Path dir;

    /** Runs every demo job (in parallel) the way the pipeline will: start, poll, log records, restore point. */
    @Test
    void requestsPerJobRun() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("\n=== Veeam requests per job run (simulator, HTTPS) ===\n");
        report.append(String.format(Locale.ROOT, "%-34s %8s %8s %8s %10s %8s %8s %8s%n", "scenario", "jobs", "token",
                "token≤", "polls/job", "poll≤", "other/j", "total/j"));
        scenario(report, "5 jobs 4 at once, 900 s token", Duration.ofSeconds(900), 20, Duration.ofMillis(250));
        scenario(report, "5 jobs 4 at once, 1 s token", Duration.ofSeconds(1), 10, Duration.ofMillis(250));
        report.append("token = token requests for the whole run; token≤ = ceil(wall / (0.8 × lifetime)) + 1;\n"
                + "polls/job = GET /sessions/{id} per job (poll every 250 ms); poll≤ = mean of duration/interval + 2;\n"
                + "other/j = start, session log, backups, restore points and the shared job list, per job.\n");
        System.out.println(report);
    }

    private void scenario(StringBuilder report, String name, Duration tokenTtl, double timeScale, Duration poll)
            throws Exception {
        try (SimulatorFixture fx = SimulatorFixture.builder(dir.resolve(name.replaceAll("\\W", ""))).tokenTtl(tokenTtl)
                .timeScale(timeScale).pollInterval(poll).pageSize(200).start()) {
            VeeamClient c = fx.client();
            List<VeeamJob> jobs = c.resolveJobs(List.of("*")).jobs();
            Map<String, Duration> realDuration = new ConcurrentHashMap<>();
            Map<String, String> sessionOf = new ConcurrentHashMap<>();
            Instant begin = Instant.now();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> runs = new ArrayList<>();
            for (VeeamJob j : jobs) {
                runs.add(pool.submit(() -> {
                    Instant t0 = Instant.now();
                    Session s = ((StartOutcome.Started) c.start(j.id(), false)).session();
                    PollResult p = c.awaitStopped(s.id(), s, Instant.now().plusSeconds(60), SessionListener.NONE);
                    realDuration.put(s.id(), Duration.between(t0, Instant.now()));
                    sessionOf.put(j.id(), s.id());
                    c.notableLogRecords(s.id());
                    c.restorePointsCreatedAfter(j.id(), s.creationTime().minusSeconds(1));
                    assertThat(p.completed()).isTrue();
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            pool.shutdown();
            Duration wall = Duration.between(begin, Instant.now());

            long tokens = fx.count("POST /api/oauth2/token");
            long tokenBound = (long) Math.ceil(wall.toMillis() / (tokenTtl.toMillis() * 0.8)) + 1;
            List<RecordedRequest> requests = fx.sim.admin().requests();
            long maxPollsOverBound = Long.MIN_VALUE;
            long pollsTotal = 0;
            long boundTotal = 0;
            for (Map.Entry<String, String> e : sessionOf.entrySet()) {
                String sid = e.getValue();
                long polls = requests.stream().filter(r -> r.endpoint().equals("GET /api/v1/sessions/{id}")
                        && r.path().endsWith(sid)).count();
                long bound = realDuration.get(sid).toMillis() / poll.toMillis() + 2;
                pollsTotal += polls;
                boundTotal += bound;
                maxPollsOverBound = Math.max(maxPollsOverBound, polls - bound);
            }
            long total = requests.size();
            long other = total - tokens - pollsTotal;
            report.append(String.format(Locale.ROOT, "%-34s %8d %8d %8d %10.1f %8.1f %8.1f %8.1f%n", name, jobs.size(),
                    tokens, tokenBound, pollsTotal / (double) jobs.size(), boundTotal / (double) jobs.size(),
                    other / (double) jobs.size(), total / (double) jobs.size()));
            report.append(String.format(Locale.ROOT, "    wall %.1f s; requests by endpoint: %s%n", wall.toMillis() / 1000.0,
                    fx.sim.admin().counters()));
            assertThat(tokens).as("token requests").isLessThanOrEqualTo(tokenBound);
            assertThat(maxPollsOverBound).as("polls beyond duration/interval + 2").isLessThanOrEqualTo(0);
        }
    }

    /** Time per GET through the client versus the simulator's own handling time and a bare JDK HttpClient. */
    @Test
    void clientOverheadPerRequest() throws Exception {
        try (SimulatorFixture fx = SimulatorFixture.builder(dir).start()) {
            VeeamClient c = fx.client();
            VeeamJob job = c.jobs().get(0);
            Session s = ((StartOutcome.Started) c.start(job.id(), false)).session();
            int warmup = Integer.getInteger("bench.warmup", 300);
            int n = Integer.getInteger("bench.requests", 2000);
            for (int i = 0; i < warmup; i++) {
                c.session(s.id());
            }
            fx.sim.admin().clearRequests();
            long[] client = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                c.session(s.id());
                client[i] = System.nanoTime() - t;
            }
            long[] server = fx.sim.admin().requests().stream()
                    .filter(r -> r.endpoint().equals("GET /api/v1/sessions/{id}")).mapToLong(r -> r.durationMicros() * 1000)
                    .toArray();

            // the same request with the JDK's HttpClient (keep-alive, same trust), as a floor
            TrustMaterial trust = TrustMaterial.of("sim", fx.settings.trust());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust.trustManager()}, null);
            HttpClient jdk = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
            String version = fx.settings.apiVersion().toString();
            HttpResponse<String> tok = jdk.send(HttpRequest.newBuilder(URI.create(fx.sim.baseUri() + "/api/oauth2/token"))
                    .header("x-api-version", version).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=Password&username=respaldo&password=respaldo-demo"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String bearer = new ObjectMapper().readTree(tok.body()).get("access_token").asText();
            HttpRequest get = HttpRequest.newBuilder(URI.create(fx.sim.baseUri() + "/api/v1/sessions/" + s.id()))
                    .header("x-api-version", version).header("Authorization", "Bearer " + bearer)
                    .header("Accept", "application/json").GET().build();
            for (int i = 0; i < warmup; i++) {
                jdk.send(get, HttpResponse.BodyHandlers.ofString());
            }
            long[] bare = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = jdk.send(get, HttpResponse.BodyHandlers.ofString());
                new ObjectMapper().readTree(r.body());
                bare[i] = System.nanoTime() - t;
            }
            StringBuilder report = new StringBuilder("\n=== Client overhead per request: GET /api/v1/sessions/{id}, ")
                    .append(n).append(" sequential requests over HTTPS keep-alive ===\n");
            report.append(String.format(Locale.ROOT, "%-44s %9s %9s %9s%n", "", "mean µs", "p50 µs", "p95 µs"));
            row(report, "VeeamClient.session(id) (camel-http, parsed)", client);
            row(report, "bare JDK HttpClient + Jackson tree", bare);
            row(report, "simulator's own handling time", server);
            report.append(String.format(Locale.ROOT, "%-44s %9.0f %9.0f%n", "client overhead vs server (mean, p50)",
                    (mean(client) - mean(server)) / 1000, (pct(client, 50) - pct(server, 50)) / 1000.0));
            report.append(String.format(Locale.ROOT, "%-44s %9.0f %9.0f%n", "client overhead vs bare JDK (mean, p50)",
                    (mean(client) - mean(bare)) / 1000, (pct(client, 50) - pct(bare, 50)) / 1000.0));
            System.out.println(report);
            assertThat(pct(client, 50)).as("client p50").isLessThan(50_000_000L);
        }
    }

    private static void row(StringBuilder sb, String name, long[] ns) {
        sb.append(String.format(Locale.ROOT, "%-44s %9.0f %9.0f %9.0f%n", name, mean(ns) / 1000, pct(ns, 50) / 1000.0,
                pct(ns, 95) / 1000.0));
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static long pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
