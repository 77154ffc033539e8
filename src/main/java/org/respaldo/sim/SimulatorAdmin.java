package org.respaldo.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;

/**
 * In-process control of a running {@link VeeamSimulator}: faults, job behaviours, tokens,
 * repositories, the request log and the recorded exchanges. Thread-safe.
 */
public final class SimulatorAdmin {

    /** What the fault rules decided for one request. */
    record FaultDecision(Fault.Kind kind, long latencyMs) {
    }

    /** A job as the admin sees it. */
    public record JobSummary(String id, String name, String repository, boolean running, String lastResult,
                             String lastSessionId, Inventory.Behaviour behaviour) {
    }

    /**
     * What the simulator did with one object in a session (bytes; {@code restorePointId} null when the object
     * got no restore point, e.g. because it failed).
     */
    public record ObjectSummary(String name, String result, String message, String algorithm, long processedBytes,
                                long readBytes, long transferredBytes, String restorePointId) {
    }

    /** A repository as the admin sees it. */
    public record RepositorySummary(String id, String name, String path, double capacityGB, double freeGB, boolean online) {
    }

    private final Datacenter dc;
    private final Tokens tokens;
    private final RequestLog log = new RequestLog();
    private final List<MutableFault> faults = new ArrayList<>();

    private static final class MutableFault {
        final Fault fault;
        int remaining;

        MutableFault(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    SimulatorAdmin(Datacenter dc, Tokens tokens) {
        this.dc = dc;
        this.tokens = tokens;
    }

    // ---- faults

    /** Adds a fault rule; it affects the next {@code fault.times()} matching requests (negative: until cleared). */
    public void addFault(Fault fault) {
        if (fault.job() != null && dc.jobByName(fault.job()) == null) {
            throw new IllegalArgumentException("No job named '" + fault.job() + "' in the inventory; jobs are "
                    + dc.jobs().stream().map(j -> j.def.name()).collect(Collectors.toList()));
        }
        synchronized (faults) {
            faults.add(new MutableFault(fault));
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** The active fault rules with their remaining counts as {@code times}. */
    public List<Fault> faults() {
        synchronized (faults) {
            return faults.stream().map(f -> new Fault(f.fault.kind(), f.fault.endpoint(), f.fault.job(), f.remaining,
                    f.fault.latencyMs())).collect(Collectors.toList());
        }
    }

    FaultDecision decide(String endpoint, String jobName) {
        long latency = 0;
        Fault.Kind kind = null;
        synchronized (faults) {
            for (MutableFault f : faults) {
                if (f.remaining == 0) {
                    continue;
                }
                if (f.fault.endpoint() != null && !f.fault.endpoint().equalsIgnoreCase(endpoint)) {
                    continue;
                }
                if (f.fault.job() != null && !f.fault.job().equals(jobName)) {
                    continue;
                }
                if (f.fault.kind() == Fault.Kind.LATENCY) {
                    latency += f.fault.latencyMs();
                } else if (kind == null) {
                    kind = f.fault.kind();
                } else {
                    continue;
                }
                if (f.remaining > 0) {
                    f.remaining--;
                }
            }
            faults.removeIf(f -> f.remaining == 0);
        }
        return new FaultDecision(kind, latency);
    }

    // ---- tokens

    /** Every issued access and refresh token stops working (401 AccessDenied). */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /** Every issued access token is expired now (401 ExpiredToken); refresh tokens still work. */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** The next {@code count} refresh-token grants fail with 401 (and consume the refresh token). */
    public void refuseNextRefreshes(int count) {
        tokens.refuseNextRefreshes(count);
    }

    /** Lifetime of access tokens issued from now on (real time). */
    public void setAccessTokenTtl(java.time.Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("accessTokenTtl must be positive, was " + ttl);
        }
        tokens.accessTtl(ttl);
    }

    // ---- jobs and repositories

    /** {@code running}: sessions running now; {@code peak}: the most that ran at once since the last reset. */
    public Map<String, Integer> concurrency() {
        int[] c = dc.concurrency(Instant.now());
        return Map.of("running", c[0], "peak", c[1]);
    }

    public void resetConcurrency() {
        dc.resetPeak(Instant.now());
    }

    public List<JobSummary> jobs() {
        dc.advance(Instant.now());
        return dc.jobs().stream().map(j -> new JobSummary(j.id, j.def.name(), j.repository.def.name(), j.running(),
                j.lastResult, j.lastSession == null ? null : j.lastSession.id, j.behaviour)).collect(Collectors.toList());
    }

    /** Replaces how the next runs of job {@code name} behave. */
    public void setBehaviour(String jobName, Inventory.Behaviour behaviour) {
        Datacenter.JobState job = job(jobName);
        List<String> objects = job.def.objects().stream().map(Inventory.BackupObject::name).toList();
        for (Inventory.ObjectOutcome o : behaviour.objects()) {
            if (!objects.contains(o.name())) {
                throw new IllegalArgumentException("'" + o.name() + "' is not an object of job '" + jobName + "'; its objects are " + objects);
            }
        }
        dc.replaceBehaviour(job, behaviour);
    }

    /** The objects of a session as the simulator ran them, in processing order (figures so far while it runs). */
    public List<ObjectSummary> sessionObjects(String sessionId) {
        Instant now = Instant.now();
        dc.advance(now);
        SimSession s = dc.session(sessionId);
        if (s == null) {
            throw new IllegalArgumentException("No session " + sessionId);
        }
        synchronized (dc) {
            return s.objects.stream().map(o -> {
                Shapes.Figures f = Shapes.figures(s, o, dc.timeScale(), now);
                return new ObjectSummary(o.def.name(), o.result, o.message, o.algorithm, f.processed(), f.read(),
                        f.transferred(), o.restorePointId);
            }).collect(Collectors.toList());
        }
    }

    public Inventory.Behaviour behaviour(String jobName) {
        return job(jobName).behaviour;
    }

    public List<RepositorySummary> repositories() {
        dc.advance(Instant.now());
        return dc.repositories().stream().map(r -> new RepositorySummary(r.id, r.def.name(), r.def.path(),
                r.def.capacityGB(), r.freeGB, r.online)).collect(Collectors.toList());
    }

    /** Changes a repository's free space and/or online flag (null leaves a value as it is). */
    public void setRepository(String name, Double freeGB, Boolean online) {
        Datacenter.RepoState r = dc.repositoryByName(name);
        if (r == null) {
            throw new IllegalArgumentException("No repository named '" + name + "'; repositories are "
                    + dc.repositories().stream().map(x -> x.def.name()).collect(Collectors.toList()));
        }
        dc.setRepository(r, freeGB, online);
    }

    /** Changes the time scale for sessions started from now on (and the rest of running ones). */
    public void setTimeScale(double timeScale) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be positive, was " + timeScale);
        }
        dc.timeScale(timeScale);
    }

    private Datacenter.JobState job(String name) {
        Datacenter.JobState j = dc.jobByName(name);
        if (j == null) {
            throw new IllegalArgumentException("No job named '" + name + "'; jobs are "
                    + dc.jobs().stream().map(x -> x.def.name()).collect(Collectors.toList()));
        }
        return j;
    }

    // ---- request log

    /** The most recent requests (up to {@value RequestLog#CAPACITY}, fewer when bodies are large), oldest first. */
    public List<RecordedRequest> requests() {
        return log.exchanges().stream().map(RecordedExchange::request).collect(Collectors.toList());
    }

    /** The most recent exchanges with bodies, oldest first. */
    public List<RecordedExchange> exchanges() {
        return log.exchanges();
    }

    /** Requests per endpoint template (e.g. {@code GET /api/v1/sessions/{id}}) since start or the last clear. */
    public Map<String, Long> counters() {
        return log.counters();
    }

    public long count(String endpoint) {
        return log.counters().getOrDefault(endpoint, 0L);
    }

    public void clearRequests() {
        log.clear();
    }

    void record(HttpExchange exchange, String endpoint, String version, int status, long micros,
                String requestType, String requestBody, String responseType, String responseBody) {
        RecordedRequest request = new RecordedRequest(Instant.now(), exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                ApiHandler.maskedHeaders(exchange), status, endpoint, version, micros);
        String body = requestBody;
        if (endpoint.equals("POST /api/oauth2/token") && body != null) {
            body = body.replaceAll("(^|&)(password|refresh_token)=[^&]*", "$1$2=***");
        }
        log.add(new RecordedExchange(request, requestType, body, responseType, responseBody));
    }
}
