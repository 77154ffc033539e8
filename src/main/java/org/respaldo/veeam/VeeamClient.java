package org.respaldo.veeam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations Respaldo needs on one Veeam Backup &amp; Replication server. Thread-safe: every
 * caller shares the server's connection pool and access token. Obtain it from {@link VeeamServers}.
 */
public final class VeeamClient {

    private static final Logger LOG = LoggerFactory.getLogger(VeeamClient.class);
    private static final String JOBS = "/api/v1/jobs";
    private static final String JOB_STATES = "/api/v1/jobs/states";
    private static final String SESSIONS = "/api/v1/sessions";
    private static final String REPOSITORY_STATES = "/api/v1/backupInfrastructure/repositories/states";
    private static final String BACKUPS = "/api/v1/backups";
    private static final String RESTORE_POINTS = "/api/v1/restorePoints";
    private static final String TASK_SESSIONS = "/api/v1/taskSessions";

    private final VeeamServerSettings settings;
    private final VeeamTransport transport;
    private final TokenManager tokens;
    private final VeeamApi api;
    private final VeeamJson json;
    private final Clock clock;
    /** The pauses between attempts of a start or a stop (the one the API's requests use), and how to wait. */
    private final Backoff backoff;
    /** Jobs seen in answers, by lower-case id: what start, retry and stop know of a job's type without asking. */
    private final Map<String, VeeamJob> knownJobs = new java.util.concurrent.ConcurrentHashMap<>();

    VeeamClient(VeeamServerSettings settings, VeeamTransport transport, TokenManager tokens, VeeamApi api, Clock clock,
            Backoff backoff) {
        this.settings = settings;
        this.backoff = backoff;
        this.transport = transport;
        this.tokens = tokens;
        this.api = api;
        this.json = api.json();
        this.clock = clock;
    }

    public String alias() {
        return settings.alias();
    }

    public VeeamServerSettings settings() {
        return settings;
    }

    public ApiVersion apiVersion() {
        return settings.apiVersion();
    }

    /** Whether the server's API has {@code POST /jobs/{id}/retry} (1.3 on); on 1.2 start the job again instead. */
    public boolean supportsRetry() {
        return settings.apiVersion().supportsRetry();
    }

    /**
     * Whether this server does {@code operation} with {@code job} as asked (see {@link JobCapabilities}): false
     * for a retry on 1.2-rev1 (start the job again instead), a graceful stop of a Veeam Agent job (it is
     * stopped at once), any operation on a Hyper-V or agent job through a revision before 1.3-rev0, an active
     * full of a job type without one. {@link #support} says why.
     */
    public boolean supports(VeeamJob job, JobOperation operation) {
        return support(job, operation).supported();
    }

    /** How this server's API revision supports {@code operation} for the job's type, and why. No request is sent. */
    public JobSupport support(VeeamJob job, JobOperation operation) {
        return JobCapabilities.of(apiVersion(), job, operation);
    }

    /** The same for a job type (as Veeam spells it) and a name used in the reason. */
    public JobSupport support(String jobName, String jobType, JobOperation operation) {
        return JobCapabilities.of(apiVersion(), jobName, jobType, operation);
    }

    /** Requests sent so far, per operation. */
    public RequestCounters counters() {
        return transport.counters();
    }

    /** Token requests (password and refresh grants) sent so far. */
    public int tokenRequests() {
        return tokens.grants();
    }

    /** Logs in if needed; throws when the server is unreachable or refuses the credentials. */
    public void login() {
        tokens.accessToken();
    }

    // ---- server -------------------------------------------------------------------------------

    public ServerTime serverTime() {
        return json.serverTime(api.getAnonymous("/api/v1/serverTime", "GET /api/v1/serverTime"));
    }

    public ServerCertificate serverCertificate() {
        return json.serverCertificate(api.getAnonymous("/api/v1/serverCertificate", "GET /api/v1/serverCertificate"));
    }

    public ServerInfo serverInfo() {
        return json.serverInfo(api.get("/api/v1/serverInfo", Map.of(), "GET /api/v1/serverInfo"));
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /** Every job on the server (all pages). */
    public List<VeeamJob> jobs() {
        return api.getAll(JOBS, Map.of(), "GET " + JOBS).stream().map(json::job).map(this::remember).toList();
    }

    private VeeamJob remember(VeeamJob job) {
        if (job.id() != null && !job.id().isEmpty()) {
            knownJobs.put(job.id().toLowerCase(Locale.ROOT), job);
        }
        return job;
    }

    /** The job as last seen, else as the server describes it now; empty when unknown or unreachable. */
    private Optional<VeeamJob> known(String jobId) {
        VeeamJob seen = knownJobs.get(jobId.toLowerCase(Locale.ROOT));
        if (seen != null) {
            return Optional.of(seen);
        }
        try {
            return job(jobId);
        } catch (VeeamException e) {
            LOG.debug("Veeam server '{}': job {} could not be read: {}", alias(), jobId, e.getMessage());
            return Optional.empty();
        }
    }

    /** The job with this id, or empty when the server does not know it. */
    public Optional<VeeamJob> job(String id) {
        try {
            return Optional.of(remember(json.job(api.get(JOBS + "/" + id, Map.of(), "GET " + JOBS + "/{id}"))));
        } catch (VeeamApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Finds jobs by exact name or by a pattern with {@code *} at its start and/or end (case-insensitive,
     * as VBR compares names). Reads the job list once for all of them.
     *
     * @throws IllegalArgumentException for a {@code *} elsewhere in a pattern
     */
    public JobResolution resolveJobs(Collection<String> namesOrPatterns) {
        if (!namesOrPatterns.isEmpty() && namesOrPatterns.size() <= NAMED_LOOKUPS
                && namesOrPatterns.stream().noneMatch(p -> p.contains("*"))) {
            // a few exact names: one filtered request each instead of the whole job list (a server may have thousands)
            List<VeeamJob> found = new ArrayList<>();
            for (String name : namesOrPatterns) {
                api.getAll(JOBS, Map.of("nameFilter", name.trim()), "GET " + JOBS).stream().map(json::job).map(this::remember)
                        .filter(j -> j.name().equalsIgnoreCase(name.trim())).forEach(found::add);
            }
            JobResolution r = JobMatcher.resolve(namesOrPatterns, found);
            if (r.complete()) {
                return r;
            }
        }
        List<VeeamJob> all = jobs();
        return JobMatcher.resolve(namesOrPatterns, all);
    }

    /** Up to this many exact job names are looked up one by one (name filter); more, or any pattern, read the whole list. */
    static final int NAMED_LOOKUPS = 8;

    /** States of the given jobs (all pages read once; one filtered request for a single id). */
    public List<JobState> jobStates(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() == 1) {
            String id = ids.iterator().next();
            return api.getAll(JOB_STATES, Map.of("idFilter", id), "GET " + JOB_STATES).stream().map(json::jobState)
                    .filter(s -> s.id().equalsIgnoreCase(id)).toList();
        }
        Set<String> wanted = new java.util.HashSet<>();
        ids.forEach(i -> wanted.add(i.toLowerCase(Locale.ROOT)));
        return api.getAll(JOB_STATES, Map.of(), "GET " + JOB_STATES).stream().map(json::jobState)
                .filter(s -> wanted.contains(s.id().toLowerCase(Locale.ROOT))).toList();
    }

    public Optional<JobState> jobState(String id) {
        return jobStates(List.of(id)).stream().findFirst();
    }

    /**
     * Starts a job ({@code POST /jobs/{id}/start}). When the answer is lost (5xx, dropped connection)
     * the request is not simply repeated: the client looks for the session it may have created and only
     * starts again when there is none.
     *
     * @return {@link StartOutcome.Started} with the new session, or {@link StartOutcome.NothingToProcess}
     *         (1.3-rev2's 204)
     * @throws VeeamApiException for a refusal, e.g. 400 when the job is already running, 404 for an unknown job
     */
    public StartOutcome start(String jobId, boolean performActiveFull) {
        VeeamJob seen = knownJobs.get(jobId.toLowerCase(Locale.ROOT));
        if (seen != null) {
            require(seen, performActiveFull ? JobOperation.ACTIVE_FULL : JobOperation.START, "");
        }
        String body = "{\"performActiveFull\":" + performActiveFull + "}";
        return launch(jobId, "start", body);
    }

    /**
     * Starts a job, checking first that its type can do it on this server ({@link #support}).
     *
     * @throws VeeamUnsupportedOperationException naming the job, its type, the operation and the API revision
     */
    public StartOutcome start(VeeamJob job, boolean performActiveFull) {
        remember(job);
        return start(job.id(), performActiveFull);
    }

    /**
     * Retries a failed job's objects ({@code POST /jobs/{id}/retry}, 1.3 on). Answers lost on the way
     * are handled as for {@link #start}.
     *
     * @throws VeeamUnsupportedOperationException on a server whose API revision has no retry
     *         ({@link #supportsRetry()}; nothing is sent) or for a job type that cannot retry there
     */
    public StartOutcome retry(String jobId) {
        VeeamJob job = supportsRetry() ? knownJobs.get(jobId.toLowerCase(Locale.ROOT)) : known(jobId).orElse(null);
        if (job != null) {
            require(job, JobOperation.RETRY, "start the job again instead");
        } else if (!supportsRetry()) {
            throw new VeeamUnsupportedOperationException(alias(), support("", "", JobOperation.RETRY),
                    "start the job again instead (job " + jobId + ")");
        }
        return launch(jobId, "retry", "{\"startChainedJobs\":false}");
    }

    /** {@link #retry(String)} for a job already read. */
    public StartOutcome retry(VeeamJob job) {
        remember(job);
        return retry(job.id());
    }

    private void require(VeeamJob job, JobOperation operation, String advice) {
        JobSupport support = support(job, operation);
        if (!support.supported()) {
            throw new VeeamUnsupportedOperationException(alias(), support, advice);
        }
    }

    private StartOutcome launch(String jobId, String action, String body) {
        String path = JOBS + "/" + jobId + "/" + action;
        String label = "POST " + JOBS + "/{id}/" + action;
        String lastProblem = "";
        for (int attempt = 1; attempt <= settings.retryAttempts(); attempt++) {
            if (attempt > 1) {
                backoff.pause(attempt - 1);
            }
            Instant sentAt = clock.instant();
            try {
                HttpResult r = api.post(path, body, label);
                if (r.status() == 204) {
                    return new StartOutcome.NothingToProcess(jobId);
                }
                if (r.ok()) {
                    return new StartOutcome.Started(json.session(json.read(r.body())), false);
                }
                if (!r.serverError()) {
                    throw api.error(HttpCall.postJson(path, body, label), r);
                }
                lastProblem = "HTTP " + r.status();
            } catch (TransportFailure e) {
                lastProblem = e.getMessage();
                if (e.notSent()) {
                    continue;
                }
            }
            LOG.warn("Veeam server '{}': the answer to {} of job {} was lost ({}); checking whether it started",
                    alias(), action, jobId, lastProblem);
            Optional<Session> created = sessionCreatedSince(jobId, sentAt);
            if (created.isPresent()) {
                return new StartOutcome.Started(created.get(), true);
            }
        }
        throw new VeeamUnavailableException("Veeam server '" + alias() + "' did not confirm the " + action + " of job "
                + jobId + " after " + settings.retryAttempts() + " attempts (" + lastProblem
                + "); no session of the job was created meanwhile", null);
    }

    /**
     * The job's session created since {@code since} (our clock; compared with the server's through
     * serverTime), if any: how a start whose answer was lost, or whose process died before the
     * answer was recorded, is resolved without starting the job twice.
     */
    public Optional<Session> sessionCreatedSince(String jobId, Instant since) {
        Optional<JobState> state = jobState(jobId);
        if (state.isPresent() && state.get().running() && state.get().lastSessionId() != null) {
            return Optional.of(session(state.get().lastSessionId()));
        }
        Duration offset = serverClockOffset();
        OffsetDateTime after = since.plus(offset).minusSeconds(2).atOffset(ZoneOffset.UTC);
        return api.getAll(SESSIONS, Map.of("jobIdFilter", jobId, "createdAfterFilter", format(after)),
                "GET " + SESSIONS).stream().map(json::session)
                .filter(s -> s.creationTime() == null || !s.creationTime().isBefore(after))
                .max(Comparator.comparing(Session::creationTime, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private Duration serverClockOffset() {
        Instant before = clock.instant();
        ServerTime t = serverTime();
        Instant after = clock.instant();
        if (t.serverTime() == null) {
            return Duration.ZERO;
        }
        Instant local = before.plus(Duration.between(before, after).dividedBy(2));
        return Duration.between(local, t.serverTime().toInstant());
    }

    /**
     * Stops the job's running session ({@code POST /jobs/{id}/stop}); graceful lets the objects in
     * progress finish with a restore point. A job whose type cannot stop gracefully (Veeam Agent jobs) is
     * stopped at once, with a log line saying so. A lost answer is checked against the job's state before
     * stopping again.
     *
     * @return the session being stopped
     */
    public Session stop(String jobId, boolean graceful) {
        if (graceful) {
            Optional<VeeamJob> job = known(jobId);
            if (job.isPresent() && !supports(job.get(), JobOperation.GRACEFUL_STOP)) {
                LOG.info("{}; stopping it at once", support(job.get(), JobOperation.GRACEFUL_STOP).describe(alias()));
                graceful = false;
            }
        }
        String path = JOBS + "/" + jobId + "/stop";
        String label = "POST " + JOBS + "/{id}/stop";
        String body = "{\"gracefulStop\":" + graceful + "}";
        String lastProblem = "";
        for (int attempt = 1; attempt <= settings.retryAttempts(); attempt++) {
            if (attempt > 1) {
                backoff.pause(attempt - 1);
            }
            try {
                HttpResult r = api.post(path, body, label);
                if (r.ok() && r.hasBody()) {
                    return json.session(json.read(r.body()));
                }
                if (!r.serverError() && !r.ok()) {
                    throw api.error(HttpCall.postJson(path, body, label), r);
                }
                lastProblem = "HTTP " + r.status();
            } catch (TransportFailure e) {
                lastProblem = e.getMessage();
            }
            Optional<JobState> state = jobState(jobId);
            if (state.isPresent() && state.get().lastSessionId() != null
                    && (state.get().status() == JobStatus.STOPPING || !state.get().running())) {
                return session(state.get().lastSessionId());
            }
        }
        throw new VeeamUnavailableException("Veeam server '" + alias() + "' did not confirm the stop of job " + jobId
                + " after " + settings.retryAttempts() + " attempts (" + lastProblem + ")", null);
    }

    /** {@link #stop(String, boolean)} for a job already read. */
    public Session stop(VeeamJob job, boolean graceful) {
        remember(job);
        return stop(job.id(), graceful);
    }

    // ---- sessions -----------------------------------------------------------------------------

    public Session session(String sessionId) {
        return json.session(api.get(SESSIONS + "/" + sessionId, Map.of(), "GET " + SESSIONS + "/{id}"));
    }

    /**
     * One poll of a session: a single GET, with no pause and no repetition, for callers that keep
     * their own rhythm (the run schedules its next poll instead of waiting on a thread).
     *
     * @throws VeeamUnavailableException when no answer arrived or Veeam answered 5xx (worth trying again later)
     * @throws VeeamApiException for a 4xx answer (404: Veeam does not know the session)
     */
    public Session pollOnce(String sessionId) {
        try {
            return json.session(api.getOnce(SESSIONS + "/" + sessionId, Map.of(), "GET " + SESSIONS + "/{id}"));
        } catch (TransportFailure e) {
            throw new VeeamUnavailableException("Veeam server '" + alias() + "' did not answer a poll of session " + sessionId
                    + ": " + e.getMessage(), e);
        } catch (VeeamApiException e) {
            if (e.status() >= 500) {
                throw new VeeamUnavailableException("Veeam server '" + alias() + "' answered HTTP " + e.status()
                        + " to a poll of session " + sessionId, e);
            }
            throw e;
        }
    }

    /** Sessions of a job created after a time, newest first. */
    public List<Session> sessions(String jobId, OffsetDateTime createdAfter) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("jobIdFilter", jobId);
        if (createdAfter != null) {
            q.put("createdAfterFilter", format(createdAfter));
        }
        return api.getAll(SESSIONS, q, "GET " + SESSIONS).stream().map(json::session)
                .sorted(Comparator.comparing(Session::creationTime, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /**
     * Polls a session every {@code poll-interval-ms} until it is {@code Stopped} or the deadline
     * passes. 5xx answers and lost connections do not end the wait: the pause grows (up to
     * {@code max-backoff-ms}) and polling goes on. The listener hears every change of state,
     * progress or result.
     *
     * @param first the session as start/retry returned it (no request is spent on it), or null
     * @throws InterruptedException when the calling thread is interrupted
     */
    public PollResult awaitStopped(String sessionId, Session first, Instant deadline, SessionListener listener)
            throws InterruptedException {
        Session last = null;
        if (first != null) {
            listener.changed(null, first);
            last = first;
            if (first.stopped()) {
                return new PollResult(first, true);
            }
        }
        Backoff pollBackoff = new Backoff(settings.pollInterval(), settings.maxBackoff(), backoff.sleeper());
        int failures = 0;
        boolean waitFirst = first != null;
        while (true) {
            if (waitFirst) {
                Duration pause = failures == 0 ? settings.pollInterval() : pollBackoff.delay(failures + 1);
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    return new PollResult(last, false);
                }
                Duration left = Duration.between(now, deadline);
                backoff.sleeper().sleep(Duration.ofMillis(Math.max(1, Math.min(pause.toMillis(), left.toMillis()))));
            }
            waitFirst = true;
            try {
                Session s = json.session(api.getOnce(SESSIONS + "/" + sessionId, Map.of(), "GET " + SESSIONS + "/{id}"));
                failures = 0;
                if (s.differsFrom(last)) {
                    listener.changed(last, s);
                }
                last = s;
                if (s.stopped()) {
                    return new PollResult(s, true);
                }
            } catch (TransportFailure e) {
                failures++;
                LOG.warn("Veeam server '{}': polling session {} failed ({}), trying again", alias(), sessionId, e.getMessage());
            } catch (VeeamApiException e) {
                if (e.status() < 500) {
                    throw e;
                }
                failures++;
                LOG.warn("Veeam server '{}': polling session {} got HTTP {}, trying again", alias(), sessionId, e.status());
            } catch (VeeamUnavailableException e) {
                // a token renewal met the same outage; the session is still worth waiting for
                failures++;
                LOG.warn("Veeam server '{}': polling session {}: {}; trying again", alias(), sessionId, e.getMessage());
            }
            if (last == null && !clock.instant().isBefore(deadline)) {
                throw new VeeamUnavailableException("Veeam server '" + alias() + "' never answered a poll of session "
                        + sessionId + " before the deadline", null);
            }
        }
    }

    /** The session's log, newest first as Veeam sends it. */
    public List<SessionLogRecord> sessionLog(String sessionId) {
        JsonNode n = api.get(SESSIONS + "/" + sessionId + "/logs", Map.of(), "GET " + SESSIONS + "/{id}/logs");
        List<SessionLogRecord> out = new ArrayList<>();
        for (JsonNode r : n.path("records")) {
            out.add(json.logRecord(r));
        }
        return out;
    }

    /** Only the Warning and Failed records of the session's log. */
    public List<SessionLogRecord> notableLogRecords(String sessionId) {
        return sessionLog(sessionId).stream().filter(SessionLogRecord::notable).toList();
    }

    // ---- what a session did ------------------------------------------------------------------

    /**
     * The objects a session processes or processed ({@code BackupTaskSessionModel}), every page. From
     * 1.3-rev1 {@code GET /sessions/{id}/taskSessions} is paged; up to 1.3-rev0 that path takes no paging
     * parameters, so {@code GET /taskSessions?sessionIdFilter=<id>} (paged in every revision) is read
     * instead. Empty on 1.1-rev0, which has no task sessions.
     */
    public List<TaskSession> taskSessions(String sessionId) {
        if (!apiVersion().atLeast(ApiVersion.V1_2_REV1)) {
            return List.of();
        }
        List<JsonNode> nodes = apiVersion().atLeast(ApiVersion.V1_3_REV1)
                ? api.getAll(SESSIONS + "/" + sessionId + "/taskSessions", Map.of(), "GET " + SESSIONS + "/{id}/taskSessions")
                : api.getAll(TASK_SESSIONS, Map.of("sessionIdFilter", sessionId), "GET " + TASK_SESSIONS);
        return nodes.stream().filter(n -> VeeamJson.text(n, "type").isEmpty() || VeeamJson.text(n, "type").equalsIgnoreCase("Backup"))
                .map(json::taskSession)
                .filter(t -> t.sessionId() == null || t.sessionId().equalsIgnoreCase(sessionId)).toList();
    }

    /** A restore point by id ({@code GET /restorePoints/{id}}, 1.2-rev1 on); empty when Veeam does not know it. */
    public Optional<RestorePoint> restorePoint(String id) {
        try {
            return Optional.of(json.restorePoint(api.get(RESTORE_POINTS + "/" + id, Map.of(), "GET " + RESTORE_POINTS + "/{id}")));
        } catch (VeeamApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * What a job session did, per object: processed, read and transferred bytes, result and message, and the
     * restore point the session created for it (id, time, backup), with the session's totals, processing rate
     * and bottleneck. Meant for a session that has stopped (a running one gives the figures so far).
     *
     * <p>Requests: the session, its task sessions (paged), the restore points of its backup created since the
     * session began (one filtered, paged list; any restore point a task names but the list lacks is read by
     * id), and from 1.3 the job's state for Veeam's own rate and bottleneck. A restore point counts for an
     * object only when Veeam lists it and it belongs to this session.
     *
     * @throws VeeamApiException 404 when Veeam does not know the session
     */
    public SessionReport sessionReport(String sessionId) {
        JsonNode raw = api.get(SESSIONS + "/" + sessionId, Map.of(), "GET " + SESSIONS + "/{id}");
        Session session = json.session(raw);
        if (!apiVersion().atLeast(ApiVersion.V1_2_REV1)) {
            return new SessionReport(sessionId, null, null, null, null, null, List.of());
        }
        List<TaskSession> tasks = taskSessions(sessionId);
        List<RestorePoint> listed = tasks.isEmpty() ? List.of() : restorePointsOf(session, raw);
        Map<String, RestorePoint> byId = new LinkedHashMap<>();
        listed.forEach(p -> byId.put(p.id().toLowerCase(Locale.ROOT), p));
        List<ObjectReport> objects = new ArrayList<>();
        for (TaskSession t : tasks) {
            RestorePoint point = null;
            if (t.restorePointId() != null) {
                point = byId.get(t.restorePointId().toLowerCase(Locale.ROOT));
                if (point == null) {
                    point = restorePoint(t.restorePointId()).orElse(null);
                }
            } else {
                // some servers leave restorePointId out: the point the session made for this object, by name
                point = listed.stream().filter(p -> sessionId.equalsIgnoreCase(p.sessionId()) && p.name().equalsIgnoreCase(t.name()))
                        .max(Comparator.comparing(RestorePoint::creationTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .orElse(null);
            }
            if (point != null && point.sessionId() != null && !point.sessionId().equalsIgnoreCase(sessionId)) {
                point = null; // an older point of the object, not one this session created
            }
            objects.add(new ObjectReport(t.name(), t.result(), t.message(), t.processedBytes(), t.readBytes(),
                    t.transferredBytes(), point == null ? null : point.id(), point == null ? null : point.creationTime(),
                    point == null ? null : nullIfEmpty(point.backupId()), point == null ? null : nullIfEmpty(point.type())));
        }
        Long processed = sum(objects, ObjectReport::processedBytes);
        Double rate = null;
        String bottleneck = null;
        if (apiVersion().is13() && session.jobId() != null) {
            for (JsonNode state : api.getAll(JOB_STATES, Map.of("idFilter", session.jobId()), "GET " + JOB_STATES)) {
                JsonNode progress = state.path("sessionProgress");
                if (sessionId.equalsIgnoreCase(VeeamJson.text(state, "sessionId")) && progress.isObject()) {
                    rate = VeeamJson.rate(VeeamJson.text(progress, "processingRate"));
                    bottleneck = bottleneck(VeeamJson.text(progress, "bottleneck"));
                }
            }
        }
        if (rate == null && processed != null && session.creationTime() != null) {
            OffsetDateTime end = session.endTime() != null ? session.endTime() : OffsetDateTime.now(clock);
            double seconds = Duration.between(session.creationTime(), end).toNanos() / 1e9;
            rate = seconds > 0 ? processed / seconds : null;
        }
        if (bottleneck == null) {
            bottleneck = tasks.stream().filter(t -> t.bottleneck() != null)
                    .max(Comparator.comparing(t -> t.processedBytes() == null ? 0L : t.processedBytes()))
                    .map(t -> bottleneck(t.bottleneck())).orElse(null);
        }
        return new SessionReport(sessionId, processed, sum(objects, ObjectReport::readBytes),
                sum(objects, ObjectReport::transferredBytes), rate, bottleneck, objects);
    }

    /** Restore points of the session's backup (or of its job's backups) created since the session began. */
    private List<RestorePoint> restorePointsOf(Session session, JsonNode raw) {
        List<String> backupIds = new ArrayList<>();
        String resource = VeeamJson.text(raw, "resourceReference");
        if (resource.contains("/backups/") && !VeeamJson.text(raw, "resourceId").isEmpty()) {
            backupIds.add(VeeamJson.text(raw, "resourceId"));
        } else if (session.jobId() != null) {
            backups(session.jobId()).forEach(b -> backupIds.add(b.id()));
        }
        List<RestorePoint> out = new ArrayList<>();
        for (String backupId : backupIds) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("backupIdFilter", backupId);
            if (session.creationTime() != null) {
                q.put("createdAfterFilter", format(session.creationTime().minusSeconds(1)));
            }
            api.getAll(RESTORE_POINTS, q, "GET " + RESTORE_POINTS).stream().map(json::restorePoint).forEach(out::add);
        }
        return out;
    }

    private static String bottleneck(String raw) {
        return raw == null || raw.isBlank() || raw.equalsIgnoreCase("NotDefined") ? null : raw;
    }

    private static Long sum(List<ObjectReport> objects, java.util.function.Function<ObjectReport, Long> figure) {
        Long total = null;
        for (ObjectReport o : objects) {
            Long v = figure.apply(o);
            if (v != null) {
                total = total == null ? v : total + v;
            }
        }
        return total;
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- repositories and restore points ------------------------------------------------------

    public List<RepositoryState> repositories() {
        return api.getAll(REPOSITORY_STATES, Map.of(), "GET " + REPOSITORY_STATES).stream().map(json::repositoryState)
                .toList();
    }

    /** The repository with this name (case-insensitive), with its state, or empty. */
    public Optional<RepositoryState> repository(String name) {
        return api.getAll(REPOSITORY_STATES, Map.of("nameFilter", name), "GET " + REPOSITORY_STATES).stream()
                .map(json::repositoryState).filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<RepositoryState> repositoryById(String id) {
        return api.getAll(REPOSITORY_STATES, Map.of("idFilter", id), "GET " + REPOSITORY_STATES).stream()
                .map(json::repositoryState).filter(r -> r.id().equalsIgnoreCase(id)).findFirst();
    }

    /**
     * Every backup on the server, also those of jobs this API revision cannot list ({@link Backup#kind()} and
     * {@link Backup#name()} tell which job wrote them).
     */
    public List<Backup> backups() {
        return api.getAll(BACKUPS, Map.of(), "GET " + BACKUPS).stream().map(json::backup).toList();
    }

    /** The backups a job has written. */
    public List<Backup> backups(String jobId) {
        return api.getAll(BACKUPS, Map.of("jobIdFilter", jobId), "GET " + BACKUPS).stream().map(json::backup)
                .filter(b -> b.jobId() == null || b.jobId().equalsIgnoreCase(jobId)).toList();
    }

    /** Restore points of the job's backups created after {@code after}, oldest first. */
    public List<RestorePoint> restorePointsCreatedAfter(String jobId, OffsetDateTime after) {
        List<RestorePoint> out = new ArrayList<>();
        for (Backup b : backups(jobId)) {
            api.getAll(RESTORE_POINTS, Map.of("backupIdFilter", b.id(), "createdAfterFilter", format(after)),
                    "GET " + RESTORE_POINTS).stream().map(json::restorePoint)
                    .filter(p -> p.creationTime() == null || p.creationTime().isAfter(after))
                    .forEach(out::add);
        }
        out.sort(Comparator.comparing(RestorePoint::creationTime, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    static String format(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Ends the server session (logout); the next request logs in again. */
    public void logout() {
        tokens.logout();
    }

    /** Logs out and releases the connection pool; only {@link VeeamServers#close()} calls this (the client is shared). */
    void shutdown() {
        tokens.logout();
        transport.close();
    }

    @Override
    public String toString() {
        return "VeeamClient[" + settings + "]";
    }
}
