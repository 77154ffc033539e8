package org.respaldo.console;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.respaldo.audit.AuditEvent;
import org.respaldo.audit.AuditTrail;
import org.respaldo.auth.Permission;
import org.respaldo.auth.Role;
import org.respaldo.health.ServerHealth;
import org.respaldo.health.VeeamHealth;
import org.respaldo.outbox.Outbox;
import org.respaldo.run.Run;
import org.respaldo.run.RunJson;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.watch.RpoWatch;
import org.respaldo.web.ApiException;
import org.respaldo.web.ConsoleActions;

/**
 * The console's server-rendered pages (JTE templates under src/main/jte, precompiled; every value escaped):
 * Panel ({@code /}), Programaciones, Ejecuciones (filters, CSV, pages) and a run's page (stages, jobs, mails, JSON
 * report, rerun and sign-off forms), Auditoría. Spanish by default, {@code ?lang=en} for English; times in the
 * schedule's zone. Forms post to the console's own paths with the session's CSRF token in {@code _csrf}; the login
 * gate has refused a role that may not, and {@link #post} refuses a form without the token before anything else.
 */
public final class ConsolePages {

    static final String CSRF_HEADER = "Respaldo-Csrf";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int PAGE = 50;

    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final ConsoleActions actions;
    private final Supplier<RpoWatch> rpo;
    private final Supplier<VeeamHealth> health;
    private final ZoneId defaultZone;
    private final Clock clock;
    private final java.nio.file.Path inbox;

    public ConsolePages(ScheduleRegistry registry, RunStore runs, Outbox outbox, AuditTrail audit, ConsoleActions actions,
            Supplier<RpoWatch> rpo, Supplier<VeeamHealth> health, ZoneId defaultZone, Clock clock, java.nio.file.Path inbox) {
        this.inbox = inbox.toAbsolutePath().normalize();
        this.registry = registry;
        this.runs = runs;
        this.outbox = outbox;
        this.audit = audit;
        this.actions = actions;
        this.rpo = rpo;
        this.health = health;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the frame

    private static Role role(Message m) {
        return Frame.role(m);
    }

    private static Page page(Message m, String title, String current) {
        return Frame.page(m, title, current);
    }

    private static String render(Exchange ex, String template, Map<String, Object> params) {
        return Frame.render(ex, template, params);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ZoneId zone(String scheduleId) {
        return registry.get(scheduleId).map(a -> a.schedule().timezone()).orElse(defaultZone);
    }

    private static String when(Instant t, ZoneId zone) {
        return t == null ? "" : WHEN.format(t.atZone(zone));
    }

    private Views.RunRow row(Run r, boolean en) {
        ZoneId z = zone(r.scheduleId());
        return new Views.RunRow(r.id(), r.scheduleId(), r.target().scheduleTitle(), r.trigger().json(),
                Words.status(r.status(), en), Words.result(r.result(), en), Words.mark(r.result()), when(r.scheduledFireTime(), z),
                when(r.endedAt(), z));
    }

    private Views.LiveRun live(Run r, List<Duration> earlier, Instant now, boolean en) {
        int done = (int) r.jobs().stream().filter(j -> j.result() != null).count();
        Instant start = r.startedAt() != null ? r.startedAt() : r.scheduledFireTime();
        Optional<Instant> end = Timeline.expectedEnd(start, earlier);
        return new Views.LiveRun(row(r, en), done, r.jobs().size(), end.map(t -> when(t, zone(r.scheduleId()))).orElse(null),
                end.map(now::isAfter).orElse(false));
    }

    // ------------------------------------------------------------------ Panel

    public String panel(Exchange ex) {
        Message m = ex.getMessage();
        Page page = page(m, "en".equalsIgnoreCase(m.getHeader("lang", String.class)) ? "Dashboard" : "Panel", "panel");
        boolean en = page.en();
        Instant now = clock.instant();
        // counted by the database (ConsoleBenchmark: 100,000 runs in history)
        Map<Run.Result, int[]> byResult = runs.countsByResult(now.minus(Duration.ofHours(24)), now.minus(Duration.ofDays(7)));
        List<Views.Count> counts = new ArrayList<>();
        for (Run.Result res : Run.Result.values()) {
            int[] n = byResult.getOrDefault(res, new int[2]);
            counts.add(new Views.Count(Words.result(res, en), Words.mark(res), n[0], n[1]));
        }
        List<Views.LiveRun> inProgress = new ArrayList<>();
        // the expected duration of each schedule with a run in progress: one query per schedule, not per run
        Map<String, List<Duration>> earlier = new java.util.HashMap<>();
        for (Run.Status st : new Run.Status[] {Run.Status.RUNNING, Run.Status.QUEUED, Run.Status.NOTIFYING}) {
            for (Run r : runs.list(new RunStore.Filter(null, st, null, null, null, null), 50, 0)) {
                List<Duration> durations = earlier.computeIfAbsent(r.scheduleId(),
                        id -> runs.successfulDurations(id, org.respaldo.availability.Availability.HISTORY));
                // the list has no jobs: the run itself says how many have finished (a handful of runs at a time)
                inProgress.add(live(runs.get(r.id()).orElse(r), durations, now, en));
            }
        }
        List<Views.NextFire> next = new ArrayList<>();
        List<Map.Entry<ZonedDateTime, ActiveSchedule>> fires = new ArrayList<>();
        for (ActiveSchedule a : registry.active()) {
            if (a.schedule().enabled()) {
                nextFire(a, now).ifPresent(t -> fires.add(Map.entry(t, a)));
            }
        }
        fires.sort(Comparator.comparing(e -> e.getKey().toInstant()));
        for (var e : fires.subList(0, Math.min(10, fires.size()))) {
            next.add(new Views.NextFire(e.getValue().id(), e.getValue().schedule().title(), WHEN.format(e.getKey()) + " ("
                    + e.getKey().getZone().getId() + ")"));
        }
        List<String> breaches = new ArrayList<>();
        RpoWatch watch = rpo.get();
        if (watch != null) {
            watch.breaches().forEach((id, breached) -> {
                if (Boolean.TRUE.equals(breached)) {
                    breaches.add(id);
                }
            });
        }
        Outbox.Stats stats = outbox.stats(now.minus(Duration.ofDays(7)));
        List<Views.RunRow> awaiting = new ArrayList<>();
        for (String id : runs.awaitingSignOff(20)) {
            runs.get(id).ifPresent(r -> awaiting.add(row(r, en)));
        }
        List<Views.Server> servers = new ArrayList<>();
        VeeamHealth vh = health.get();
        if (vh != null) {
            for (ServerHealth s : vh.latest().values()) {
                List<Views.Repo> repos = new ArrayList<>();
                for (ServerHealth.Repository r : s.repositories()) {
                    repos.add(new Views.Repo(r.name(), String.format(Locale.ROOT, "%.1f GB", r.freeBytes() / 1073741824.0),
                            (int) Math.round(Math.max(0, r.freePercent())), r.online()));
                }
                servers.add(new Views.Server(s.server(), s.up(), s.apiVersion() == null ? "?" : s.apiVersion(),
                        when(s.checkedAt(), defaultZone), s.problem(), repos));
            }
        }
        return render(ex, "console/panel.jte", params("page", page, "panel", new Views.Panel(counts, inProgress, next, breaches,
                stats.pending(), stats.failedSince(), awaiting, servers)));
    }

    /** Each schedule's next fire, kept until it is past or the version changes (10,000 cron walks per Panel cost ~100 ms). */
    private record NextFire(int version, ZonedDateTime at) {
    }

    private final Map<String, NextFire> nextFires = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<ZonedDateTime> nextFire(ActiveSchedule a, Instant now) {
        NextFire cached = nextFires.get(a.id());
        if (cached != null && cached.version() == a.version() && (cached.at() == null || cached.at().toInstant().isAfter(now))) {
            return Optional.ofNullable(cached.at());
        }
        ZonedDateTime at = FireTimes.next(a.schedule(), now, 1).stream().findFirst().orElse(null);
        if (at != null) {
            nextFires.put(a.id(), new NextFire(a.version(), at));
        }
        return Optional.ofNullable(at);
    }

    // ------------------------------------------------------------------ Ejecuciones

    private record RunQuery(RunStore.Filter filter, String schedule, String result, String trigger, String from, String to,
            int offset, String query) {
    }

    private static RunQuery runQuery(Message m) {
        String schedule = text(m, "schedule");
        String result = text(m, "result");
        String trigger = text(m, "trigger");
        String from = text(m, "from");
        String to = text(m, "to");
        int offset = 0;
        try {
            offset = Math.max(0, Integer.parseInt(text(m, "offset").isEmpty() ? "0" : text(m, "offset")));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "offset is not a number");
        }
        RunStore.Filter f;
        try {
            f = new RunStore.Filter(schedule.isEmpty() ? null : schedule, null, result.isEmpty() ? null
                    : Run.Result.valueOf(result.toUpperCase(Locale.ROOT)), trigger.isEmpty() ? null : Run.Trigger.parse(trigger),
                    from.isEmpty() ? null : java.time.LocalDate.parse(from).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                    to.isEmpty() ? null : java.time.LocalDate.parse(to).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ApiException(400, "a filter is not valid: " + e.getMessage());
        }
        String query = "schedule=" + enc(schedule) + "&result=" + enc(result) + "&trigger=" + enc(trigger) + "&from=" + enc(from)
                + "&to=" + enc(to) + ("en".equalsIgnoreCase(text(m, "lang")) ? "&lang=en" : "");
        return new RunQuery(f, schedule, result, trigger, from, to, offset, query);
    }

    public String runs(Exchange ex) {
        Message m = ex.getMessage();
        Page page = page(m, m.getHeader("lang", "", String.class).equals("en") ? "Runs" : "Ejecuciones", "ejecuciones");
        RunQuery q = runQuery(m);
        List<Run> list = runs.list(q.filter(), PAGE + 1, q.offset());
        List<Views.RunRow> rows = new ArrayList<>();
        for (Run r : list.subList(0, Math.min(PAGE, list.size()))) {
            rows.add(row(r, page.en()));
        }
        return render(ex, "console/runs.jte", params("page", page, "runs", new Views.Runs(rows, q.schedule(), q.result(),
                q.trigger(), q.from(), q.to(), q.offset(), PAGE, list.size() > PAGE, q.query())));
    }

    /** {@code GET /ejecuciones.csv}: the filtered runs (up to 10,000) as CSV. */
    public String runsCsv(Exchange ex) {
        RunQuery q = runQuery(ex.getMessage());
        StringBuilder b = new StringBuilder("id,schedule,title,trigger,status,result,scheduled_fire_time,ended_at\r\n");
        for (Run r : runs.list(q.filter(), 10_000, 0)) {
            b.append(csv(r.id())).append(',').append(csv(r.scheduleId())).append(',').append(csv(r.target().scheduleTitle()))
                    .append(',').append(r.trigger().json()).append(',').append(r.status().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(r.result() == null ? "" : r.result().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(r.scheduledFireTime() == null ? "" : r.scheduledFireTime()).append(',')
                    .append(r.endedAt() == null ? "" : r.endedAt()).append("\r\n");
        }
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        ex.getMessage().setHeader("Content-Disposition", "attachment; filename=\"ejecuciones.csv\"");
        return b.toString();
    }

    public String run(Exchange ex) {
        Message m = ex.getMessage();
        String id = m.getHeader("id", String.class);
        Run r = runs.get(id).orElseThrow(() -> ApiException.notFound("no run with id '" + id + "'"));
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, (en ? "Run of " : "Ejecución de ") + r.target().scheduleTitle(), "ejecuciones");
        ZoneId z = zone(r.scheduleId());
        List<Views.Stage> stages = new ArrayList<>();
        for (Run.Stage s : r.stages()) {
            stages.add(new Views.Stage(Words.stage(s.name(), en), Words.outcome(s.outcome(), en), when(s.startedAt(), z),
                    when(s.endedAt(), z), s.detail()));
        }
        List<Views.Job> jobs = new ArrayList<>();
        boolean failed = false;
        for (Run.Job j : r.jobs()) {
            Run.JobResult res = j.result();
            if (r.status() == Run.Status.CONCLUDED && (res == null || (res != Run.JobResult.SUCCESS && res != Run.JobResult.WARNING))) {
                failed = true;
            }
            String dur = j.startedAt() != null && j.endedAt() != null ? Duration.between(j.startedAt(), j.endedAt()).toString()
                    .substring(2).toLowerCase(Locale.ROOT) : "";
            jobs.add(new Views.Job(j.name(), j.sessionId(), res == null ? Words.outcome(j.state().name(), en)
                    : Words.job(res, en), Words.jobMark(res), when(j.startedAt(), z), when(j.endedAt(), z), dur, j.message(), j.logRecords() == null ? List.of()
                            : j.logRecords()));
        }
        List<Views.MailRow> mails = new ArrayList<>();
        for (Outbox.Entry e : outbox.forRun(id)) {
            mails.add(new Views.MailRow(e.subject(), String.join(", ", e.recipients()), Words.mail(e.status().name(), en),
                    when(e.sentAt(), z), e.lastError()));
        }
        Optional<RunStore.Request> req = runs.request(id);
        String signOff = runs.signOff(id).map(s -> s.verdict() + " — " + s.by() + ", " + when(s.at(), z) + (s.text().isEmpty() ? ""
                : ": " + s.text())).orElse(null);
        Role role = role(m);
        String report = new String(RunJson.report(r), StandardCharsets.UTF_8);
        List<Timeline.JobSpan> spans = new ArrayList<>();
        for (int i = 0; i < r.jobs().size(); i++) {
            Run.Job j = r.jobs().get(i);
            spans.add(new Timeline.JobSpan(j.name(), jobs.get(i).mark(), jobs.get(i).result(), j.startedAt(), j.endedAt()));
        }
        Instant scheduled = r.scheduledFireTime() != null ? r.scheduledFireTime() : r.queuedAt() != null ? r.queuedAt() : clock.instant();
        Timeline.View timeline = Timeline.of(scheduled, r.deadline(), clock.instant(), r.status() != Run.Status.CONCLUDED,
                spans, z, en);
        return render(ex, "console/run.jte", params("page", page, "p", new Views.RunPage(row(r, en), z.getId(), r.reasons(), stages,
                jobs, mails, req.map(RunStore.Request::requestedBy).orElse(null), req.map(RunStore.Request::reason).orElse(null),
                signOff, r.status() == Run.Status.CONCLUDED, role.may(Permission.RERUN), role.may(Permission.SIGNOFF), failed, report,
                flash(m, en), timeline)));
    }

    private static String flash(Message m, boolean en) {
        String done = m.getHeader("hecho", String.class);
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "conformidad" -> en ? "Sign-off recorded." : "Conformidad registrada.";
            case "reintento" -> en ? "Rerun queued." : "Reintento en cola.";
            case "ejecucion" -> en ? "Run queued." : "Ejecución en cola.";
            default -> null;
        };
    }

    // ------------------------------------------------------------------ Programaciones

    public String schedules(Exchange ex) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, en ? "Schedules" : "Programaciones", "programaciones");
        Instant now = clock.instant();
        List<Views.ScheduleRow> rows = new ArrayList<>();
        List<ActiveSchedule> all = new ArrayList<>(registry.all());
        all.sort(Comparator.comparing(ActiveSchedule::id));
        for (ActiveSchedule a : all) {
            var s = a.schedule();
            String next = s.enabled() ? FireTimes.next(s, now, 1).stream().findFirst().map(WHEN::format).orElse("—") : "—";
            List<Run> last = runs.list(s.id(), 20);
            List<String> marks = new ArrayList<>();
            int good = 0;
            int done = 0;
            for (Run r : last) {
                if (r.result() == null) {
                    continue;
                }
                if (marks.size() < 5) {
                    marks.add(Words.mark(r.result()));
                }
                done++;
                if (r.result() == Run.Result.SUCCESS || r.result() == Run.Result.WARNING) {
                    good++;
                }
            }
            rows.add(new Views.ScheduleRow(s.id(), s.title(), s.enabled(), Recurrence.describe(s.cron(), s.timezone(), en), next, marks,
                    done == 0 ? "—" : (good * 100 / done) + " %", a.version()));
        }
        Role role = role(m);
        return render(ex, "console/schedules.jte", params("page", page, "rows", rows, "mayRun", role.may(Permission.RUN_NOW),
                "mayEnable", role.may(Permission.ENABLE_DISABLE)));
    }

    /** A schedule's page: every field, its next fires, its last runs and its version history. */
    public String schedule(Exchange ex) {
        Message m = ex.getMessage();
        String id = m.getHeader("id", String.class);
        ActiveSchedule a = registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        var s = a.schedule();
        Page page = page(m, s.title(), "programaciones");
        List<Views.Field> fields = new ArrayList<>();
        org.respaldo.schedule.ScheduleJson.toJson(s).fields().forEachRemaining(e -> fields.add(new Views.Field(e.getKey(),
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        List<String> next = new ArrayList<>();
        if (s.enabled()) {
            FireTimes.next(s, clock.instant(), 10).forEach(t -> next.add(WHEN.format(t)));
        }
        List<Views.RunRow> last = new ArrayList<>();
        for (Run r : runs.list(id, 20)) {
            last.add(row(r, en));
        }
        List<Views.Version> history = new ArrayList<>();
        for (var v : registry.history(id)) {
            history.add(new Views.Version(v.version(), when(v.acceptedAt(), s.timezone()), v.owner(), v.sourceFile(), v.sha256()));
        }
        history.sort(Comparator.comparingInt(Views.Version::version).reversed());
        return render(ex, "console/schedule.jte", params("page", page, "s", new Views.SchedulePage(id, s.title(), s.enabled(),
                a.version(), Recurrence.describe(s.cron(), s.timezone(), en), s.timezone().getId(), fields, next, last, history)));
    }

    /**
     * {@code GET /programaciones/{id}/versiones/{version}}: the original file of that version as it was received (its
     * archive under the inbox's .accepted); when that is gone, the stored form of the version (JSON).
     */
    public String original(Exchange ex) {
        Message m = ex.getMessage();
        String id = m.getHeader("id", String.class);
        String version = m.getHeader("version", String.class);
        var v = registry.history(id).stream().filter(x -> String.valueOf(x.version()).equals(version)).findFirst()
                .orElseThrow(() -> ApiException.notFound("schedule '" + id + "' has no version " + version));
        String name = v.sourceFile() != null && v.sourceFile().matches("[A-Za-z0-9._-]{1,200}") ? v.sourceFile()
                : id + "-v" + version + ".yaml";
        String body = null;
        if (v.archivedFile() != null) {
            java.nio.file.Path file = inbox.resolve(v.archivedFile()).normalize();
            if (file.startsWith(inbox) && java.nio.file.Files.isRegularFile(file)) {
                try {
                    body = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    body = null;
                }
            }
        }
        if (body == null) {
            if (v.content() == null) {
                throw ApiException.notFound("the file of version " + version + " of '" + id + "' is not kept");
            }
            body = v.content();
            name = id + "-v" + version + ".json";
        }
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        m.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        m.setHeader("X-Content-Type-Options", "nosniff");
        return body;
    }

    // ------------------------------------------------------------------ Bandeja

    public String inbox(Exchange ex) {
        return inboxPage(ex, null, "", "");
    }

    private String inboxPage(Exchange ex, Views.InboxResult result, String name, String content) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, en ? "Inbox" : "Bandeja", "bandeja");
        List<Views.Rejected> rejected = new ArrayList<>();
        java.nio.file.Path dir = inbox.resolve(".rejected");
        if (java.nio.file.Files.isDirectory(dir)) {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.filter(f -> !f.getFileName().toString().endsWith(".reason.txt"))
                        .sorted(Comparator.comparing((java.nio.file.Path f) -> f.getFileName().toString()).reversed()).limit(50)
                        .toList()) {
                    java.nio.file.Path reason = f.resolveSibling(f.getFileName() + ".reason.txt");
                    String text = java.nio.file.Files.isRegularFile(reason) ? java.nio.file.Files.readString(reason, StandardCharsets.UTF_8)
                            : "";
                    rejected.add(new Views.Rejected(org.respaldo.text.Printable.escape(f.getFileName().toString()), text,
                            enc(f.getFileName().toString()).replace("+", "%20")));
                }
            } catch (java.io.IOException e) {
                throw new ApiException(500, "the rejected files cannot be read: " + e.getMessage());
            }
        }
        return render(ex, "console/inbox.jte", params("page", page, "inbox", new Views.Inbox(result, role(m).may(Permission.UPLOAD),
                name, content, rejected)));
    }

    /** The Bandeja's form: "validar" (registers nothing) or "subir" (confirmed: written into the inbox). */
    public String inboxPost(Exchange ex) {
        Message m = ex.getMessage();
        Map<String, String> form = formOf(m, "_csrf", "confirm", "name", "content", "action");
        checkCsrf(m, form);
        String action = form.getOrDefault("action", "validar");
        String name = form.getOrDefault("name", "");
        String content = form.getOrDefault("content", "");
        boolean upload = action.equals("subir");
        if (upload && !"yes".equals(form.get("confirm"))) {
            throw new ApiException(400, "the upload was not confirmed (tick the box)");
        }
        String user = m.getHeader("Respaldo-User", String.class);
        String role = m.getHeader("Respaldo-Role", String.class);
        String address = m.getHeader("Respaldo-Address", String.class);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // the file input (multipart/form-data): the uploaded file's bytes as they are, its name unless one was typed
        java.util.Optional<Map.Entry<String, byte[]>> file = uploaded(ex);
        if (file.isPresent()) {
            bytes = file.get().getValue();
            name = name.isBlank() ? file.get().getKey() : name;
            content = "";
        }
        String json = upload ? actions.upload(name, bytes, user, role, address) : actions.validate(name, bytes, user, role, address);
        com.fasterxml.jackson.databind.JsonNode r;
        try {
            r = org.respaldo.json.Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<Views.InboxProblem> problems = new ArrayList<>();
        r.path("problems").forEach(p -> problems.add(new Views.InboxProblem(p.path("where").asText(), p.path("es").asText(),
                p.path("en").asText())));
        List<String> warnings = new ArrayList<>();
        r.path("warnings").forEach(w -> warnings.add(w.asText()));
        return inboxPage(ex, new Views.InboxResult(r.path("file").asText(), r.path("valid").asBoolean(), r.has("written"), problems,
                warnings), name, content);
    }

    /**
     * The one file of a multipart form (platform-http hands it over as an attachment, kept on disk meanwhile), read and
     * its temporary copy deleted; empty when the form had none (or an empty one).
     */
    static java.util.Optional<Map.Entry<String, byte[]>> uploaded(Exchange ex) {
        org.apache.camel.attachment.AttachmentMessage am = ex.getMessage(org.apache.camel.attachment.AttachmentMessage.class);
        if (am == null || !am.hasAttachments()) {
            return java.util.Optional.empty();
        }
        Map.Entry<String, byte[]> found = null;
        for (Map.Entry<String, jakarta.activation.DataHandler> e : am.getAttachments().entrySet()) {
            jakarta.activation.DataHandler h = e.getValue();
            try (var in = h.getInputStream()) {
                byte[] b = in.readAllBytes();
                String n = h.getName() != null && !h.getName().isBlank() ? h.getName() : e.getKey();
                if (found == null && !(b.length == 0 && (n == null || n.isBlank()))) {
                    found = Map.entry(n == null ? "" : java.nio.file.Path.of(n).getFileName().toString(), b);
                }
            } catch (java.io.IOException | java.nio.file.InvalidPathException err) {
                throw new ApiException(400, "the uploaded file cannot be read: " + err.getMessage());
            } finally {
                if (h.getDataSource() instanceof jakarta.activation.FileDataSource fds) {
                    fds.getFile().delete();
                }
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /** The fields of an urlencoded form: from the body, or from the headers platform-http made of them (removed, so
     * that they are not sent back as response headers). */
    static Map<String, String> formOf(Message m, String... keys) {
        Object body = m.getBody();
        Map<String, String> form = body instanceof String text ? form(text) : new LinkedHashMap<>();
        for (String k : keys) {
            String v = m.getHeader(k, String.class);
            if (v != null && !form.containsKey(k)) {
                form.put(k, v);
            }
            m.removeHeader(k);
        }
        return form;
    }

    private static void checkCsrf(Message m, Map<String, String> form) {
        String expected = m.getHeader(CSRF_HEADER, String.class);
        if (expected == null || expected.isEmpty() || !expected.equals(form.get("_csrf"))) {
            throw new ApiException(403, "CSRF token missing or wrong: reload the page and try again");
        }
    }

    // ------------------------------------------------------------------ Auditoría

    public String audit(Exchange ex) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, en ? "Audit trail" : "Auditoría", "auditoria");
        String from = text(m, "from");
        String to = text(m, "to");
        String user = text(m, "user");
        Instant f;
        Instant t;
        try {
            f = from.isEmpty() ? null : java.time.LocalDate.parse(from).atStartOfDay(defaultZone).toInstant();
            t = to.isEmpty() ? null : java.time.LocalDate.parse(to).plusDays(1).atStartOfDay(defaultZone).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new ApiException(400, "a date is not valid: " + e.getMessage());
        }
        List<Views.AuditRow> rows = new ArrayList<>();
        for (AuditEvent e : audit.list(f, t, user.isEmpty() ? null : user, 500)) {
            rows.add(new Views.AuditRow(when(e.at(), defaultZone), e.actor(), e.role(), e.address(), e.action(), e.object(),
                    e.outcome(), e.detail()));
        }
        String query = "user=" + enc(user) + (f == null ? "" : "&from=" + f) + (t == null ? "" : "&to=" + t);
        return render(ex, "console/audit.jte", params("page", page, "audit", new Views.Audit(rows, from, to, user, query)));
    }

    // ------------------------------------------------------------------ forms

    /**
     * A form of the console (urlencoded): refused with 403 without the session's CSRF token, or without its
     * confirmation box; otherwise the action, then 303 back to the page that shows its outcome.
     */
    public String post(Exchange ex) {
        Message m = ex.getMessage();
        Map<String, String> form = formOf(m, "_csrf", "confirm", "reason", "verdict", "text");
        checkCsrf(m, form);
        if (!"yes".equals(form.get("confirm"))) {
            throw new ApiException(400, "the action was not confirmed (tick the box)");
        }
        String user = m.getHeader("Respaldo-User", String.class);
        String role = m.getHeader("Respaldo-Role", String.class);
        String address = m.getHeader("Respaldo-Address", String.class);
        String id = m.getHeader("id", String.class);
        String action = m.getHeader("action", String.class);
        String lang = "en".equalsIgnoreCase(m.getHeader("lang", String.class)) ? "&lang=en" : "";
        String json = reasonJson(form);
        String to = switch (action) {
            case "ejecutar" -> "/ejecuciones/" + enc(jsonId(actions.runNow(id, json, user, role, address))) + "?hecho=ejecucion" + lang;
            case "reintentar" -> "/ejecuciones/" + enc(jsonId(actions.rerun(id, json, user, role, address))) + "?hecho=reintento" + lang;
            case "conformidad" -> {
                actions.signOff(id, signOffJson(form), user, role, address);
                yield "/ejecuciones/" + enc(id) + "?hecho=conformidad" + lang;
            }
            case "habilitar" -> {
                actions.enable(id, user, role, address);
                yield "/programaciones?hecho=habilitar" + lang;
            }
            case "deshabilitar" -> {
                actions.disable(id, user, role, address);
                yield "/programaciones?hecho=deshabilitar" + lang;
            }
            default -> throw ApiException.notFound("no such action: " + action);
        };
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        m.setHeader("Location", to);
        return "";
    }

    private static String reasonJson(Map<String, String> form) {
        var o = org.respaldo.json.Json.MAPPER.createObjectNode();
        o.put("reason", form.getOrDefault("reason", ""));
        return org.respaldo.json.Json.write(o);
    }

    private static String signOffJson(Map<String, String> form) {
        var o = org.respaldo.json.Json.MAPPER.createObjectNode();
        o.put("verdict", form.getOrDefault("verdict", ""));
        o.put("text", form.getOrDefault("text", ""));
        return org.respaldo.json.Json.write(o);
    }

    private static String jsonId(String json) {
        try {
            return org.respaldo.json.Json.MAPPER.readTree(json).get("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String text(Message m, String name) {
        String v = m.getHeader(name, String.class);
        return v == null ? "" : v.trim();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
