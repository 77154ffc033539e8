package org.respaldo.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.respaldo.audit.AuditEvent;
import org.respaldo.audit.AuditTrail;
import org.respaldo.json.Json;
import org.respaldo.run.Run;
import org.respaldo.run.RunEngine;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.ScheduleStore;
import org.respaldo.text.EmailAddress;

/**
 * The console's actions, also in the JSON API for scripts; each is audited with who asked, from where and the
 * outcome (the login gate already refused a role that may not):
 * <ul>
 * <li>{@code POST /api/schedules/{id}/enable} and {@code /disable}: a new version of the schedule written as a file
 * into the inbox (its active version with {@code enabled} changed, and the user as {@code owner} when their name is an
 * e-mail address, else the version's owner), so that files stay the one source of truth: the intake registers it
 * like any file ({@code "outcome": "written"}; {@code "unchanged"} when it already was);</li>
 * <li>{@code POST /api/schedules/{id}/run} ({@code {"reason": "..."}}): a run now, {@code trigger: manual};</li>
 * <li>{@code POST /api/runs/{id}/rerun} ({@code {"reason": "..."}}): the failed jobs of a concluded run again,
 * {@code trigger: rerun};</li>
 * <li>{@code POST /api/runs/{id}/signoff} ({@code {"verdict": "conforme"|"observaciones", "text": "..."}}): the
 * Director's sign-off of a concluded run, once.</li>
 * </ul>
 */
public final class ConsoleActions {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final Supplier<RunEngine> engine;
    private final AuditTrail audit;
    private final Path inbox;
    private final Clock clock;
    private final org.respaldo.schedule.ScheduleIntake intake;

    public ConsoleActions(ScheduleRegistry registry, RunStore runs, Supplier<RunEngine> engine, AuditTrail audit, Path inbox,
            Clock clock, org.respaldo.schedule.ScheduleIntake intake) {
        this.intake = intake;
        this.registry = registry;
        this.runs = runs;
        this.engine = engine;
        this.audit = audit;
        this.inbox = inbox;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- enable / disable

    public String enable(String id, String user, String role, String address) {
        return setEnabled(id, true, user, role, address);
    }

    public String disable(String id, String user, String role, String address) {
        return setEnabled(id, false, user, role, address);
    }

    private String setEnabled(String id, boolean enabled, String user, String role, String address) {
        String action = enabled ? AuditEvent.ENABLE : AuditEvent.DISABLE;
        ActiveSchedule active = schedule(id, user, role, address, action);
        Optional<ScheduleStore.Version> current = registry.history(id).stream().filter(v -> v.version() == active.version())
                .findFirst();
        if (current.isEmpty() || current.get().content() == null) {
            throw refused(user, role, address, action, id, 409, "the file of version " + active.version() + " of '" + id
                    + "' is not kept; drop a new version into the inbox instead");
        }
        if (active.schedule().enabled() == enabled) {
            audit.record(user, role, address, action, id, AuditEvent.OK, "already " + (enabled ? "enabled" : "disabled"));
            return answer(id, active.version(), enabled, "unchanged", null);
        }
        String file;
        try {
            JsonNode tree = YAML.readTree(current.get().content());
            if (!(tree instanceof ObjectNode o)) {
                throw new IOException("not a mapping");
            }
            o.put("enabled", enabled);
            if (EmailAddress.valid(user)) {
                o.put("owner", user);
            }
            String yaml = "# " + (enabled ? "Habilitada" : "Deshabilitada") + " por " + oneLine(user) + " desde la consola, "
                    + clock.instant() + " (versión " + active.version() + " con enabled: " + enabled + ")\n" + YAML.writeValueAsString(o);
            file = write(id + "-" + (enabled ? "habilitada" : "deshabilitada") + "-" + STAMP.format(clock.instant()) + ".yaml", yaml);
        } catch (IOException e) {
            throw refused(user, role, address, action, id, 500, "the new version could not be written: " + e.getMessage());
        }
        // the intake registers it, as any file (GET /api/schedules/{id} shows the new version once it has)
        audit.record(user, role, address, action, id, AuditEvent.OK, "new version written to the inbox: " + file);
        return answer(id, active.version(), enabled, "written", file);
    }

    private static String answer(String id, int version, boolean enabled, String outcome, String file) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("version", version);
        o.put("enabled", enabled);
        o.put("outcome", outcome);
        o.put("file", file);
        return Json.write(o);
    }

    private String write(String name, String content) throws IOException {
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    // ---------------------------------------------------------------- the inbox: validate, upload

    /** A file name the inbox takes as it is: letters, digits, dot, dash, underscore, space; .yaml, .yml or .json. */
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile(
            "^[A-Za-z0-9_][A-Za-z0-9 ._-]{0,150}\\.(yaml|yml|json)$");

    /** {@code POST /api/inbox/validate?name=}: the inbox's checks on the body, registering nothing. */
    public String validate(String name, byte[] body, String user, String role, String address) {
        String n = fileName(name, user, role, address, AuditEvent.VALIDATE);
        org.respaldo.schedule.ScheduleIntake.Validation v = intake.validate(n, body == null ? new byte[0] : body);
        audit.record(user, role, address, AuditEvent.VALIDATE, n, AuditEvent.OK, v.valid() ? "valid" + (v.scheduleId() == null ? ""
                : " (" + v.scheduleId() + ")") : v.problems().size() + " problem(s)");
        return Json.write(validationJson(n, v, null));
    }

    /**
     * {@code POST /api/inbox?name=}: the body written into the inbox as that file, for the same intake as the folder's
     * (accepted under .accepted, rejected under .rejected with its reasons, the owner mailed); the answer says what the
     * inbox's checks find in it now.
     */
    public String upload(String name, byte[] body, String user, String role, String address) {
        String n = fileName(name, user, role, address, AuditEvent.UPLOAD);
        byte[] bytes = body == null ? new byte[0] : body;
        org.respaldo.schedule.ScheduleIntake.Validation v = intake.validate(n, bytes);
        if (Files.exists(inbox.resolve(n))) {
            throw refused(user, role, address, AuditEvent.UPLOAD, n, 409, "a file named '" + n + "' is already waiting in the inbox");
        }
        try {
            Path tmp = inbox.resolve("." + n + ".upload");
            Files.write(tmp, bytes);
            Files.move(tmp, inbox.resolve(n), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw refused(user, role, address, AuditEvent.UPLOAD, n, 500, "the file could not be written into the inbox: " + e.getMessage());
        }
        audit.record(user, role, address, AuditEvent.UPLOAD, n, AuditEvent.OK, "written into the inbox; " + (v.valid() ? "valid"
                : v.problems().size() + " problem(s)"));
        return Json.write(validationJson(n, v, n));
    }

    /**
     * The console's editor saves a schedule: the file (checked by the caller with the inbox's checks) written into the
     * inbox as {@code <id>-consola-<UTC stamp>.yaml}, for the same intake as the folder's; audited as {@code draft}.
     */
    public String draft(String id, String name, byte[] yaml, String user, String role, String address) {
        String n = fileName(name, user, role, address, AuditEvent.DRAFT);
        String file = n.replaceFirst("\\.(yaml|yml|json)$", "") + "-consola-" + STAMP.format(clock.instant()) + ".yaml";
        if (Files.exists(inbox.resolve(file))) {
            throw refused(user, role, address, AuditEvent.DRAFT, oneLine(id), 409, "a file named '" + file
                    + "' is already waiting in the inbox; try again in a second");
        }
        try {
            Path tmp = inbox.resolve("." + file + ".draft");
            Files.write(tmp, yaml);
            Files.move(tmp, inbox.resolve(file), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw refused(user, role, address, AuditEvent.DRAFT, oneLine(id), 500, "the file could not be written into the inbox: "
                    + e.getMessage());
        }
        audit.record(user, role, address, AuditEvent.DRAFT, oneLine(id), AuditEvent.OK, "drafted in the editor; written into the"
                + " inbox: " + file);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("outcome", "written");
        o.put("file", file);
        return Json.write(o);
    }

    private String fileName(String name, String user, String role, String address, String action) {
        String n = name == null ? "" : name.strip();
        if (!FILE_NAME.matcher(n).matches()) {
            throw refused(user, role, address, action, oneLine(n), 400, "name must be a file name ending in .yaml, .yml or .json "
                    + "(letters, digits, spaces, . _ -); got '" + oneLine(n) + "'");
        }
        return n;
    }

    private static ObjectNode validationJson(String name, org.respaldo.schedule.ScheduleIntake.Validation v, String written) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("file", name);
        o.put("valid", v.valid());
        o.put("schedule", v.scheduleId());
        if (written != null) {
            o.put("written", written);
        }
        var problems = o.putArray("problems");
        for (org.respaldo.schedule.Problem p : v.problems()) {
            ObjectNode n = problems.addObject();
            n.put("where", p.where());
            n.put("es", p.es());
            n.put("en", p.en());
        }
        v.warnings().forEach(o.putArray("warnings")::add);
        return o;
    }

    // ---------------------------------------------------------------- run now, rerun

    public String runNow(String id, String body, String user, String role, String address) {
        ActiveSchedule active = schedule(id, user, role, address, AuditEvent.RUN_NOW);
        String reason = reason(body, user, role, address, AuditEvent.RUN_NOW, id);
        if (!active.schedule().enabled()) {
            throw refused(user, role, address, AuditEvent.RUN_NOW, id, 409, "the schedule '" + id + "' is disabled: enable it first");
        }
        String runId = engine.get().request(id, active.version(), Run.Trigger.MANUAL, new RunStore.Request(user, reason, null, null))
                .orElseThrow(() -> refused(user, role, address, AuditEvent.RUN_NOW, id, 409, "the run could not be recorded"));
        audit.record(user, role, address, AuditEvent.RUN_NOW, id, AuditEvent.OK, "run " + runId + ": " + reason);
        return queued(runId, id, Run.Trigger.MANUAL, null, reason);
    }

    public String rerun(String runId, String body, String user, String role, String address) {
        Run run = runs.get(runId).orElseThrow(() -> refused(user, role, address, AuditEvent.RERUN, runId, 404, "no run with id '"
                + runId + "'"));
        String reason = reason(body, user, role, address, AuditEvent.RERUN, runId);
        if (run.status() != Run.Status.CONCLUDED) {
            throw refused(user, role, address, AuditEvent.RERUN, runId, 409, "run " + runId + " has not concluded (" + run.status()
                    .name().toLowerCase(Locale.ROOT) + ")");
        }
        List<String> failed = new ArrayList<>();
        for (Run.Job j : run.jobs()) {
            Run.JobResult r = j.result() == null ? Run.JobResult.UNKNOWN : j.result();
            if (r != Run.JobResult.SUCCESS && r != Run.JobResult.WARNING) {
                failed.add(j.name());
            }
        }
        if (failed.isEmpty()) {
            throw refused(user, role, address, AuditEvent.RERUN, runId, 409, "run " + runId + " has no failed job to run again");
        }
        ActiveSchedule active = schedule(run.scheduleId(), user, role, address, AuditEvent.RERUN);
        String id = engine.get().request(run.scheduleId(), active.version(), Run.Trigger.RERUN, new RunStore.Request(user, reason,
                runId, failed)).orElseThrow(() -> refused(user, role, address, AuditEvent.RERUN, runId, 409,
                        "the rerun could not be recorded"));
        audit.record(user, role, address, AuditEvent.RERUN, runId, AuditEvent.OK, "run " + id + " of " + failed + ": " + reason);
        return queued(id, run.scheduleId(), Run.Trigger.RERUN, failed, reason);
    }

    private static String queued(String runId, String scheduleId, Run.Trigger trigger, List<String> jobs, String reason) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", runId);
        o.put("schedule", scheduleId);
        o.put("trigger", trigger.json());
        o.put("status", "queued");
        o.put("reason", reason);
        if (jobs != null) {
            jobs.forEach(o.putArray("jobs")::add);
        }
        return Json.write(o);
    }

    // ---------------------------------------------------------------- sign-off

    public String signOff(String runId, String body, String user, String role, String address) {
        Run run = runs.get(runId).orElseThrow(() -> refused(user, role, address, AuditEvent.SIGNOFF, runId, 404, "no run with id '"
                + runId + "'"));
        JsonNode b = json(body, user, role, address, AuditEvent.SIGNOFF, runId);
        String verdict = b.path("verdict").asText("").trim().toLowerCase(Locale.ROOT);
        String text = b.path("text").asText("").strip();
        if (!verdict.equals("conforme") && !verdict.equals("observaciones")) {
            throw refused(user, role, address, AuditEvent.SIGNOFF, runId, 400, "verdict must be conforme or observaciones; got '"
                    + oneLine(verdict) + "'");
        }
        if (verdict.equals("observaciones") && text.isEmpty()) {
            throw refused(user, role, address, AuditEvent.SIGNOFF, runId, 400, "observaciones needs a text");
        }
        if (text.length() > 4000) {
            throw refused(user, role, address, AuditEvent.SIGNOFF, runId, 400, "text is longer than 4000 characters");
        }
        if (run.status() != Run.Status.CONCLUDED) {
            throw refused(user, role, address, AuditEvent.SIGNOFF, runId, 409, "run " + runId + " has not concluded (" + run.status()
                    .name().toLowerCase(Locale.ROOT) + ")");
        }
        RunStore.SignOff s = new RunStore.SignOff(runId, clock.instant(), user, verdict, text);
        if (!runs.signOff(s)) {
            RunStore.SignOff before = runs.signOff(runId).orElseThrow();
            throw refused(user, role, address, AuditEvent.SIGNOFF, runId, 409, "run " + runId + " was signed off before, by "
                    + before.by() + " at " + before.at());
        }
        audit.record(user, role, address, AuditEvent.SIGNOFF, runId, AuditEvent.OK, verdict + (text.isEmpty() ? "" : ": " + text));
        return signOffJson(s);
    }

    /** {@code GET /api/runs/{id}/signoff}: the sign-off, or 404 while there is none. */
    public String signOffOf(String runId) {
        return signOffJson(runs.signOff(runId).orElseThrow(() -> ApiException.notFound("run '" + runId + "' has no sign-off")));
    }

    private static String signOffJson(RunStore.SignOff s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("run", s.runId());
        o.put("at", Json.time(s.at()));
        o.put("by", s.by());
        o.put("verdict", s.verdict());
        o.put("text", s.text());
        return Json.write(o);
    }

    // ---------------------------------------------------------------- helpers

    private ActiveSchedule schedule(String id, String user, String role, String address, String action) {
        return registry.get(id).orElseThrow(() -> refused(user, role, address, action, id, 404, "no schedule with id '" + oneLine(id)
                + "'"));
    }

    private String reason(String body, String user, String role, String address, String action, String object) {
        String reason = json(body, user, role, address, action, object).path("reason").asText("").strip();
        if (reason.isEmpty()) {
            throw refused(user, role, address, action, object, 400, "a reason is required: {\"reason\": \"...\"}");
        }
        if (reason.length() > 1000) {
            throw refused(user, role, address, action, object, 400, "the reason is longer than 1000 characters");
        }
        return reason;
    }

    private JsonNode json(String body, String user, String role, String address, String action, String object) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // below
        }
        throw refused(user, role, address, action, object, 400, "the body is not a JSON object");
    }

    private ApiException refused(String user, String role, String address, String action, String object, int status, String why) {
        audit.record(user, role, address, action, object, AuditEvent.FAILED, why);
        return new ApiException(status, why);
    }

    private static String oneLine(String s) {
        return org.respaldo.text.Printable.escape(s);
    }
}
