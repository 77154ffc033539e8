package org.respaldo.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Serves {@code /api/...} the way VBR does, and hands {@code /admin/...} to the admin surface. */
final class ApiHandler implements HttpHandler {

    private record Route(String method, String template, Pattern pattern, boolean anonymous) {
    }

    private record Reply(int status, String body) {
    }

    private static final String ID = "([^/]+)";
    private static final List<Route> ROUTES = List.of(
            route("POST", "/api/oauth2/token", true),
            route("POST", "/api/oauth2/logout", false),
            route("GET", "/api/v1/serverTime", true),
            route("GET", "/api/v1/serverInfo", false),
            route("GET", "/api/v1/serverCertificate", true),
            route("GET", "/api/v1/jobs", false),
            route("GET", "/api/v1/jobs/states", false),
            route("GET", "/api/v1/jobs/{id}", false),
            route("POST", "/api/v1/jobs/{id}/start", false),
            route("POST", "/api/v1/jobs/{id}/stop", false),
            route("POST", "/api/v1/jobs/{id}/retry", false),
            route("GET", "/api/v1/sessions", false),
            route("GET", "/api/v1/sessions/{id}", false),
            route("GET", "/api/v1/sessions/{id}/logs", false),
            route("GET", "/api/v1/sessions/{id}/taskSessions", false),
            route("GET", "/api/v1/taskSessions", false),
            route("GET", "/api/v1/taskSessions/{id}", false),
            route("GET", "/api/v1/backupInfrastructure/repositories", false),
            route("GET", "/api/v1/backupInfrastructure/repositories/states", false),
            route("GET", "/api/v1/backupInfrastructure/repositories/{id}", false),
            route("GET", "/api/v1/backups", false),
            route("GET", "/api/v1/restorePoints", false),
            route("GET", "/api/v1/restorePoints/{id}", false));

    private static Route route(String method, String template, boolean anonymous) {
        return new Route(method, template, Pattern.compile(template.replace("{id}", ID)), anonymous);
    }

    private final ObjectMapper mapper;
    private final Datacenter dc;
    private final Tokens tokens;
    private final SimulatorAdmin admin;
    private final AdminHandler adminHandler;
    private final Set<ApiRevision> accepted;
    private final SimCertificate certificate;
    private final String supportedText;

    ApiHandler(ObjectMapper mapper, Datacenter dc, Tokens tokens, SimulatorAdmin admin, Set<ApiRevision> accepted,
               SimCertificate certificate) {
        this.mapper = mapper;
        this.dc = dc;
        this.tokens = tokens;
        this.admin = admin;
        this.adminHandler = new AdminHandler(mapper, admin);
        this.accepted = accepted;
        this.certificate = certificate;
        this.supportedText = accepted.stream().sorted().map(ApiRevision::header).collect(Collectors.joining(", "));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/admin")) {
            adminHandler.handle(exchange);
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        byte[] requestBytes;
        try (InputStream in = exchange.getRequestBody()) {
            requestBytes = in.readAllBytes();
        }
        String requestBody = new String(requestBytes, StandardCharsets.UTF_8);
        String version = exchange.getRequestHeaders().getFirst("x-api-version");
        Route route = null;
        Matcher matcher = null;
        boolean pathKnown = false;
        for (Route r : ROUTES) {
            Matcher m = r.pattern.matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method.equals(method) && route == null) {
                    route = r;
                    matcher = m;
                }
            }
        }
        String endpoint = route != null ? method + " " + route.template : method + " " + path;
        String id = matcher != null && matcher.groupCount() > 0 ? matcher.group(1) : null;
        Reply reply;
        boolean drop = false;
        try {
            SimulatorAdmin.FaultDecision fault = admin.decide(endpoint, jobNameFor(route, id));
            if (fault.latencyMs() > 0) {
                sleep(fault.latencyMs());
            }
            if (fault.kind() == Fault.Kind.DROP_CONNECTION) {
                drop = true;
                reply = null;
            } else if (fault.kind() == Fault.Kind.SERVER_ERROR) {
                reply = error(500, "UnknownError", "Internal server error (injected by the simulator).", null);
            } else if (fault.kind() == Fault.Kind.UNAUTHORIZED_EMPTY) {
                reply = new Reply(401, "");
            } else {
                reply = dispatch(exchange, method, path, route, pathKnown, id, rawQuery, requestBody, version);
            }
        } catch (ApiException e) {
            reply = error(e.status(), e.errorCode(), e.getMessage(), e.resourceId());
        } catch (RuntimeException e) {
            reply = error(500, "UnknownError", "Simulator error: " + e, null);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        long micros = (System.nanoTime() - started) / 1000;
        if (drop) {
            admin.record(exchange, endpoint, version, 0, micros, contentType, requestBody, null, null);
            exchange.close();
            return;
        }
        byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "private");
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("X-XSS-Protection", "1; mode=block");
        headers.set("Strict-Transport-Security", "max-age=31536000");
        headers.set("X-Content-Type-Options", "nosniff");
        String responseType = body.length > 0 ? "application/json; charset=utf-8" : null;
        if (responseType != null) {
            headers.set("Content-Type", responseType);
        }
        admin.record(exchange, endpoint, version, reply.status, (System.nanoTime() - started) / 1000,
                contentType, requestBody, responseType, reply.body);
        exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private String jobNameFor(Route route, String id) {
        if (route == null || id == null) {
            return null;
        }
        if (route.template.startsWith("/api/v1/jobs/")) {
            Datacenter.JobState j = dc.job(id);
            return j == null ? null : j.def.name();
        }
        if (route.template.startsWith("/api/v1/sessions/")) {
            SimSession s = dc.session(id);
            return s == null ? null : s.job.def.name();
        }
        return null;
    }

    private Reply dispatch(HttpExchange exchange, String method, String path, Route route, boolean pathKnown, String id,
                           String rawQuery, String body, String version) {
        ApiRevision rev = revision(version);
        if (route == null) {
            if (pathKnown) {
                throw new ApiException(405, "MethodNotAllowed", "Method " + method + " is not allowed for " + path + ".");
            }
            throw new ApiException(404, "NotFound", "The requested resource " + path + " does not exist.");
        }
        if (!route.anonymous) {
            authorize(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        Instant now = Instant.now();
        dc.advance(now);
        Shapes shapes = new Shapes(mapper, dc.zone(), rev);
        ListQuery query = new ListQuery(ListQuery.parse(rawQuery), dc.zone());
        switch (route.template) {
            case "/api/oauth2/token":
                return token(exchange, body, now);
            case "/api/oauth2/logout":
                tokens.logout(exchange.getRequestHeaders().getFirst("Authorization"));
                return ok(mapper.createObjectNode());
            case "/api/v1/serverTime": {
                ObjectNode n = mapper.createObjectNode();
                n.put("serverTime", shapes.time(now));
                n.put("timeZone", timeZoneText(now));
                return ok(n);
            }
            case "/api/v1/serverInfo":
                return ok(serverInfo(rev));
            case "/api/v1/serverCertificate":
                return ok(certificate(rev));
            case "/api/v1/jobs": {
                List<ObjectNode> items = dc.jobs().stream().filter(j -> j.visibleIn(rev)).map(shapes::job).collect(Collectors.toList());
                return ok(query.name("nameFilter", "name").equalsAny("typeFilter", "type").page(mapper, items, rev));
            }
            case "/api/v1/jobs/states": {
                List<ObjectNode> items = dc.jobs().stream().filter(j -> j.visibleIn(rev))
                        .map(j -> shapes.jobState(j, now, dc.timeScale())).collect(Collectors.toList());
                return ok(query.uuid("idFilter", "id").name("nameFilter", "name").equalsAny("typeFilter", "type")
                        .equalsAny("lastResultFilter", "lastResult").equalsAny("statusFilter", "status")
                        .equalsAny("workloadFilter", "workload").after("lastRunAfterFilter", "lastRun")
                        .before("lastRunBeforeFilter", "lastRun").bool("isHighPriorityJobFilter", "highPriority")
                        .uuid("repositoryIdFilter", "repositoryId").integer("objectsCountFilter", "objectsCount")
                        .page(mapper, items, rev));
            }
            case "/api/v1/jobs/{id}":
                return ok(shapes.job(job(id, rev)));
            case "/api/v1/jobs/{id}/start": {
                Datacenter.JobState job = job(id, rev);
                JsonNode spec = jsonBody(body, "JobStartSpec");
                if (job.def.objects().isEmpty() && rev.startWithoutObjectsIs204()) {
                    return new Reply(204, "");
                }
                boolean activeFull = spec.path("performActiveFull").asBoolean(false);
                return new Reply(201, write(shapes.session(dc.start(job, activeFull, now))));
            }
            case "/api/v1/jobs/{id}/stop": {
                Datacenter.JobState job = job(id, rev);
                JsonNode spec = jsonBody(body, "JobStopSpec");
                JsonNode flag = spec.path(rev.gracefulStopField());
                boolean graceful = flag.isMissingNode() || flag.isNull() || flag.asBoolean(true);
                return new Reply(201, write(shapes.session(dc.stop(job, graceful, now))));
            }
            case "/api/v1/jobs/{id}/retry": {
                if (!rev.hasRetry()) {
                    throw new ApiException(404, "NotFound", "The requested resource " + path + " does not exist in API version "
                            + rev.header() + " (job retry arrived with 1.3-rev0).");
                }
                Datacenter.JobState job = job(id, rev);
                jsonBody(body, "JobRetrySpec");
                return new Reply(201, write(shapes.session(dc.retry(job, now))));
            }
            case "/api/v1/sessions": {
                List<ObjectNode> items = dc.sessions().stream().filter(x -> x.job.visibleIn(rev)).map(shapes::session)
                        .collect(Collectors.toList());
                return ok(query.name("nameFilter", "name").after("createdAfterFilter", "creationTime")
                        .before("createdBeforeFilter", "creationTime").after("endedAfterFilter", "endTime")
                        .before("endedBeforeFilter", "endTime").equalsAny("typeFilter", "sessionType")
                        .equalsAny("stateFilter", "state").equalsAny("resultFilter", "result.result")
                        .uuid("jobIdFilter", rev.sessionJobIdField()).page(mapper, items, rev));
            }
            case "/api/v1/sessions/{id}":
                return ok(shapes.session(session(id, rev)));
            case "/api/v1/sessions/{id}/logs":
                return ok(shapes.logs(session(id, rev), rev.is13() ? query.all("statusFilter") : List.of()));
            case "/api/v1/sessions/{id}/taskSessions": {
                requireRestorePoints(rev, path);
                // no document lists a 404 for this path: an unknown session simply has no task sessions
                SimSession s = dc.session(id);
                List<ObjectNode> items = new ArrayList<>();
                if (s != null && s.job.visibleIn(rev)) {
                    for (SimSession.ObjectRun o : s.objects) {
                        items.add(shapes.taskSession(s, o, dc.timeScale(), now));
                    }
                }
                if (!rev.atLeast(ApiRevision.V1_3_REV1)) {
                    // up to 1.3-rev0 this path documents no query parameter: every task session, one page
                    return ok(new ListQuery(Map.of(), dc.zone()).page(mapper, items, ApiRevision.V1_2_REV1));
                }
                return ok(taskSessionFilters(query).page(mapper, items, rev));
            }
            case "/api/v1/taskSessions": {
                requireRestorePoints(rev, path);
                List<ObjectNode> items = new ArrayList<>();
                for (SimSession s : dc.sessions()) {
                    if (s.job.visibleIn(rev)) {
                        for (SimSession.ObjectRun o : s.objects) {
                            items.add(shapes.taskSession(s, o, dc.timeScale(), now));
                        }
                    }
                }
                return ok(taskSessionFilters(query).uuid("sessionIdFilter", "sessionId").page(mapper, items, rev));
            }
            case "/api/v1/taskSessions/{id}": {
                requireRestorePoints(rev, path);
                for (SimSession s : dc.sessions()) {
                    if (s.job.visibleIn(rev)) {
                        for (SimSession.ObjectRun o : s.objects) {
                            if (o.taskId.equalsIgnoreCase(id)) {
                                return ok(shapes.taskSession(s, o, dc.timeScale(), now));
                            }
                        }
                    }
                }
                throw ApiException.notFound("Task session", id);
            }
            case "/api/v1/backupInfrastructure/repositories": {
                List<ObjectNode> items = dc.repositories().stream().map(shapes::repository).collect(Collectors.toList());
                return ok(query.name("nameFilter", "name").equalsAny("typeFilter", "type")
                        .uuid("hostIdFilter", "hostId").name("pathFilter", "repository.path").page(mapper, items, rev));
            }
            case "/api/v1/backupInfrastructure/repositories/states": {
                List<ObjectNode> items = dc.repositories().stream().map(shapes::repositoryState).collect(Collectors.toList());
                return ok(query.uuid("idFilter", "id").name("nameFilter", "name").equalsAny("typeFilter", "type")
                        .bool("isOnlineFilter", "isOnline").page(mapper, items, rev));
            }
            case "/api/v1/backupInfrastructure/repositories/{id}": {
                Datacenter.RepoState r = dc.repository(id);
                if (r == null) {
                    throw ApiException.notFound("Repository", id);
                }
                return ok(shapes.repository(r));
            }
            case "/api/v1/backups": {
                // backups of every job, also of types this revision cannot manage (their platformName tells them apart)
                List<ObjectNode> items = dc.backups().stream().map(shapes::backup).collect(Collectors.toList());
                query.name("nameFilter", "name").uuid("jobIdFilter", "jobId")
                        .after("createdAfterFilter", "creationTime").before("createdBeforeFilter", "creationTime")
                        .equalsAny("platformNameFilter", "platformName");
                if (rev.is13()) {
                    query.equalsAny("jobTypeFilter", "jobType");
                }
                return ok(query.page(mapper, items, rev));
            }
            case "/api/v1/restorePoints": {
                requireRestorePoints(rev, path);
                List<ObjectNode> items = dc.restorePoints().stream().map(shapes::restorePoint).collect(Collectors.toList());
                return ok(query.name("nameFilter", "name").uuid("backupIdFilter", "backupId")
                        .after("createdAfterFilter", "creationTime").before("createdBeforeFilter", "creationTime")
                        .equalsAny("platformNameFilter", "platformName").page(mapper, items, rev));
            }
            case "/api/v1/restorePoints/{id}": {
                requireRestorePoints(rev, path);
                Datacenter.RestorePoint p = dc.restorePoint(id);
                if (p == null) {
                    throw ApiException.notFound("Restore point", id);
                }
                return ok(shapes.restorePoint(p));
            }
            default:
                throw new ApiException(404, "NotFound", "The requested resource " + path + " does not exist.");
        }
    }

    private ApiRevision revision(String version) {
        if (version == null || version.isBlank()) {
            throw new ApiException(400, "NotImplemented", "The x-api-version header is required. Supported versions: "
                    + supportedText + ".");
        }
        ApiRevision rev = ApiRevision.find(version).orElse(null);
        if (rev == null || !accepted.contains(rev)) {
            throw new ApiException(400, "NotImplemented", "The specified API version '" + version.trim()
                    + "' is not supported. Supported versions: " + supportedText + ".");
        }
        return rev;
    }

    private void authorize(String authorization) {
        switch (tokens.check(authorization)) {
            case VALID -> {
            }
            case MISSING -> throw new ApiException(401, "AccessDenied",
                    "Unauthorized: send the header 'Authorization: Bearer <access_token>' obtained from /api/oauth2/token.");
            case EXPIRED -> throw new ApiException(401, "ExpiredToken",
                    "Unauthorized: the access token has expired. Refresh it with grant_type=refresh_token.");
            default -> throw new ApiException(401, "AccessDenied",
                    "Unauthorized: the access token is not valid (revoked or unknown). Log in again.");
        }
    }

    private Reply token(HttpExchange exchange, String body, Instant now) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw ApiException.badRequest("The token request must be form-encoded (Content-Type: application/x-www-form-urlencoded).");
        }
        Map<String, List<String>> form = ListQuery.parse(body);
        String grant = first(form, "grant_type");
        if (grant == null) {
            throw ApiException.badRequest("The form field grant_type is required (password or refresh_token).");
        }
        String user;
        switch (grant.toLowerCase(Locale.ROOT)) {
            case "password" -> {
                String username = first(form, "username");
                String password = first(form, "password");
                if (username == null || password == null) {
                    throw ApiException.badRequest("grant_type=password needs the form fields username and password.");
                }
                boolean known = dc.inventory().users().stream()
                        .anyMatch(u -> u.username().equalsIgnoreCase(username) && u.password().equals(password));
                if (!known) {
                    throw new ApiException(401, "AccessDenied", "Unauthorized: invalid user name or password.");
                }
                user = username;
            }
            case "refresh_token" -> {
                user = tokens.redeem(first(form, "refresh_token"));
                if (user == null) {
                    throw new ApiException(401, "AccessDenied",
                            "Unauthorized: the refresh token is invalid, expired or already used. Log in with grant_type=password.");
                }
            }
            default -> throw ApiException.badRequest("grant_type '" + grant
                    + "' is not supported by this server; use password or refresh_token.");
        }
        Tokens.Pair pair = tokens.issue(user);
        Shapes shapes = new Shapes(mapper, dc.zone(), ApiRevision.V1_3_REV1);
        ObjectNode n = mapper.createObjectNode();
        n.put("access_token", pair.accessToken());
        n.put("token_type", "bearer");
        n.put("refresh_token", pair.refreshToken());
        n.put("expires_in", pair.expiresIn());
        n.put(".issued", shapes.time(pair.issued()));
        n.put(".expires", shapes.time(pair.expires()));
        n.put("username", user);
        return ok(n);
    }

    private ObjectNode serverInfo(ApiRevision rev) {
        ObjectNode n = mapper.createObjectNode();
        n.put("vbrId", Datacenter.uuid("vbr:" + dc.inventory().server().name()));
        if (rev == ApiRevision.V1_1_REV0) {
            // the 1.1-rev0 document requires vbrInstallationId (and defines only vbrId): send both
            n.put("vbrInstallationId", Datacenter.uuid("vbr:" + dc.inventory().server().name()));
        }
        n.put("name", dc.inventory().server().name());
        n.put("buildVersion", rev.buildVersion());
        n.putArray("patches");
        if (rev.atLeast(ApiRevision.V1_2_REV1)) {
            n.put("databaseVendor", "PostgreSql");
            n.put("sqlServerEdition", "");
            n.put("sqlServerVersion", "15.10");
            n.put("databaseSchemaVersion", "1.0.0.0");
            n.put("databaseContentVersion", "1.0.0.0");
        }
        if (rev.is13()) {
            n.putObject("veeamRegistration").put("isRegistered", false);
            n.put("platform", "Windows");
        }
        return n;
    }

    private ObjectNode certificate(ApiRevision rev) {
        X509Certificate c = certificate.certificate();
        Shapes shapes = new Shapes(mapper, dc.zone(), rev);
        ObjectNode n = mapper.createObjectNode();
        n.put("thumbprint", certificate.sha1());
        n.put("serialNumber", c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        n.put("keyAlgorithm", "RSA");
        n.put("keySize", "2048");
        n.put("subject", c.getSubjectX500Principal().getName());
        n.put("issuedTo", "Veeam Backup Server Certificate");
        n.put("issuedBy", "Veeam Backup Server Certificate");
        n.put("validFrom", shapes.time(c.getNotBefore().toInstant()));
        n.put("validBy", shapes.time(c.getNotAfter().toInstant()));
        if (rev.atLeast(ApiRevision.V1_3_REV0)) {
            n.put("isTrusted", false);
        }
        return n;
    }

    private String timeZoneText(Instant now) {
        ZonedDateTime t = now.atZone(dc.zone());
        return "(UTC" + DateTimeFormatter.ofPattern("xxx", Locale.ROOT).format(t) + ") " + dc.zone().getId();
    }

    /** The job, or 404 when the revision does not know it (also when its type does not exist in that revision). */
    private Datacenter.JobState job(String id, ApiRevision rev) {
        Datacenter.JobState j = dc.job(id);
        if (j == null || !j.visibleIn(rev)) {
            throw ApiException.notFound("Job", id);
        }
        return j;
    }

    private SimSession session(String id, ApiRevision rev) {
        SimSession s = dc.session(id);
        if (s == null || !s.job.visibleIn(rev)) {
            throw ApiException.notFound("Session", id);
        }
        return s;
    }

    private static ListQuery taskSessionFilters(ListQuery query) {
        return query.name("nameFilter", "name").equalsAny("typeFilter", "type").equalsAny("sessionTypeFilter", "sessionType")
                .after("createdAfterFilter", "creationTime").before("createdBeforeFilter", "creationTime")
                .after("endedAfterFilter", "endTime").before("endedBeforeFilter", "endTime")
                .equalsAny("stateFilter", "state").equalsAny("resultFilter", "result.result");
    }

    private void requireRestorePoints(ApiRevision rev, String path) {
        if (!rev.hasRestorePointsAndTaskSessions()) {
            throw new ApiException(404, "NotFound", "The requested resource " + path + " does not exist in API version "
                    + rev.header() + ".");
        }
    }

    private JsonNode jsonBody(String body, String model) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (!node.isObject()) {
                throw ApiException.badRequest("The request body must be a JSON object (" + model + ").");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body is not valid JSON (" + model + "): " + e.getMessage());
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private Reply ok(JsonNode node) {
        return new Reply(200, write(node));
    }

    private Reply error(int status, String code, String message, String resourceId) {
        ObjectNode n = mapper.createObjectNode();
        n.put("errorCode", code);
        n.put("message", message);
        if (resourceId != null) {
            n.put("resourceId", resourceId);
        }
        return new Reply(status, write(n));
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, List<String>> maskedHeaders(HttpExchange exchange) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Authorization")) {
                out.put(name, values.stream().map(v -> {
                    int space = v.indexOf(' ');
                    return (space > 0 ? v.substring(0, space) + " " : "") + "***";
                }).collect(Collectors.toList()));
            } else {
                out.put(name, List.copyOf(values));
            }
        });
        return out;
    }
}
