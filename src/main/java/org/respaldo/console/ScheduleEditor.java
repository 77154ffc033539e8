package org.respaldo.console;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.respaldo.audit.AuditEvent;
import org.respaldo.audit.AuditTrail;
import org.respaldo.auth.Permission;
import org.respaldo.auth.Role;
import org.respaldo.availability.Availability;
import org.respaldo.json.Json;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleIntake;
import org.respaldo.schedule.ScheduleJson;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.schedule.VeeamInventoryCheck;
import org.respaldo.text.EmailAddress;
import org.respaldo.web.ApiException;
import org.respaldo.web.ConsoleActions;

/**
 * Nueva programación / editar (issue 10, page 7; step 1 of the manual): a form with every field of the schedule file.
 * "Previsualizar" builds the file from the form and runs the intake's own checks on it ({@link ScheduleIntake#validate}:
 * the same problems, with the same field paths, as the {@code .reason.txt} would list), then shows the next fires
 * (blackouts and validity applied), the overlaps with other schedules, the wildcards of {@code veeam.jobs} expanded
 * against the server's inventory and the window against the expected duration (the median of the last successful
 * runs, as the availability check takes it). "Guardar" writes the file into the inbox ({@link ConsoleActions#draft}),
 * with the logged-in user as {@code owner}; "Descargar" gives the YAML instead. Editing starts from the active
 * version's fields.
 */
public final class ScheduleEditor {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEE)", Locale.forLanguageTag("es"));
    private static final DateTimeFormatter WHEN_EN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEE)", Locale.ENGLISH);
    static final List<String> FIELDS = List.of("_csrf", "action", "id", "title", "owner", "enabled", "cron", "timezone", "validFrom",
            "validUntil", "window.start", "window.end", "maxDuration", "blackouts", "veeam.server", "veeam.all", "veeam.job",
            "veeam.jobs", "veeam.activeFull", "storage.repository", "storage.path", "storage.minFreeGb", "notify.director",
            "notify.technicians", "notify.language", "retry.attempts", "retry.delay", "overlap", "misfire", "rpo", "editing");

    private final ScheduleRegistry registry;
    private final ScheduleIntake intake;
    private final RunStore runs;
    private final ConsoleActions actions;
    private final AuditTrail audit;
    private final Clock clock;
    private final String mailDomain;
    private final java.nio.file.Path inbox;

    /** @param mailDomain respaldo.console.mail-domain: a user's address is name@domain when their name is not one (blank: typed) */
    public ScheduleEditor(ScheduleRegistry registry, ScheduleIntake intake, RunStore runs, ConsoleActions actions, AuditTrail audit,
            Clock clock, String mailDomain, java.nio.file.Path inbox) {
        this.inbox = inbox.toAbsolutePath().normalize();
        this.registry = registry;
        this.intake = intake;
        this.runs = runs;
        this.actions = actions;
        this.audit = audit;
        this.clock = clock;
        this.mailDomain = mailDomain == null ? "" : mailDomain.strip();
    }

    /** The logged-in user's address: their name when it is one, else name@respaldo.console.mail-domain; empty when neither. */
    String ownerOf(String user) {
        if (user != null && EmailAddress.valid(user)) {
            return user;
        }
        if (user != null && !mailDomain.isEmpty() && EmailAddress.valid(user + "@" + mailDomain)) {
            return user + "@" + mailDomain;
        }
        return "";
    }

    // ---------------------------------------------------------------- pages

    /** {@code GET /editor} (a new schedule) and {@code GET /editor/{id}} (its active version's fields). */
    public String form(Exchange ex) {
        Message m = ex.getMessage();
        String id = m.getHeader("id", String.class);
        String user = m.getHeader("Respaldo-User", String.class);
        String owner = ownerOf(user);
        EditorViews.Form form;
        if (id != null && !id.isBlank()) {
            ActiveSchedule a = registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
            form = fromSchedule(a.schedule(), owner);
        } else {
            List<String> servers = intake.rules().veeamServers();
            form = new EditorViews.Form("", "", owner, !owner.isEmpty(), true, "0 0 23 ? * MON-FRI",
                    intake.rules().defaultTimezone().getId(), "", "", "22:00", "04:00", "", "", servers.isEmpty() ? "" : servers.get(0),
                    false, "", false, "", "", "0", "", "", "es", "0", "PT10M", "skip", "run", "", false);
        }
        return render(ex, form, null, null);
    }

    /** {@code POST /editor/enviar}: previsualizar (the default), guardar (confirmed) or descargar. */
    public String post(Exchange ex) {
        Message m = ex.getMessage();
        Map<String, List<String>> fields = fields(m);
        String csrf = first(fields, "_csrf");
        String expected = m.getHeader(ConsolePages.CSRF_HEADER, String.class);
        if (expected == null || expected.isEmpty() || !expected.equals(csrf)) {
            throw new ApiException(403, "CSRF token missing or wrong: reload the page and try again");
        }
        String user = m.getHeader("Respaldo-User", String.class);
        String role = m.getHeader("Respaldo-Role", String.class);
        String address = m.getHeader("Respaldo-Address", String.class);
        String owner = ownerOf(user);
        EditorViews.Form form = fromFields(fields, owner);
        String yaml = yaml(form, user);
        String action = first(fields, "action");
        String name = fileName(form);
        switch (action.isEmpty() ? "previsualizar" : action) {
            case "descargar" -> {
                audit.record(user, role, address, AuditEvent.VALIDATE, name, AuditEvent.OK, "downloaded from the editor");
                m.setHeader(Exchange.CONTENT_TYPE, "application/yaml; charset=utf-8");
                m.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
                m.setHeader("X-Content-Type-Options", "nosniff");
                m.setHeader("Cache-Control", "no-store");
                return yaml;
            }
            case "guardar" -> {
                if (!"yes".equals(first(fields, "confirm"))) {
                    return render(ex, form, preview(form, yaml, user, role, address, false), "confirm");
                }
                EditorViews.Preview p = preview(form, yaml, user, role, address, false);
                if (!p.valid()) {
                    audit.record(user, role, address, AuditEvent.DRAFT, oneLine(form.id()), AuditEvent.FAILED, p.problems().size()
                            + " problem(s): not written");
                    return render(ex, form, p, "invalid");
                }
                String written = jsonText(actions.draft(form.id(), name, yaml.getBytes(StandardCharsets.UTF_8), user, role, address),
                        "file");
                // the intake registers it in a second or two; the page says where it went and links to the schedule
                return render(ex, form, p, "saved:" + written);
            }
            default -> {
                // a preview as you type (htmx) is not audited; one asked for with the button is
                boolean live = "true".equals(m.getHeader("HX-Request", String.class));
                m.removeHeaders("HX-*"); // not sent back (an HX-Trigger response header would be an event to htmx)
                return render(ex, form, preview(form, yaml, user, role, address, !live), null);
            }
        }
    }

    private String render(Exchange ex, EditorViews.Form form, EditorViews.Preview preview, String flash) {
        Message m = ex.getMessage();
        boolean en = Frame.english(m);
        Role role = Frame.role(m);
        String title = form.editing() ? (en ? "Edit schedule " : "Editar programación ") + form.id()
                : (en ? "New schedule" : "Nueva programación");
        Page page = Frame.page(m, title, "editor");
        List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        zones.sort(null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", page);
        params.put("e", new EditorViews.Editor(form, inventory(form), preview, role.may(Permission.UPLOAD), flash, zones));
        return Frame.render(ex, "console/editor.jte", params);
    }

    private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    private volatile byte[] htmx;

    /** {@code GET /consola/htmx.min.js}: htmx from its webjar (the editor's validation as you type). */
    public byte[] htmx(Exchange ex) throws IOException {
        byte[] b = htmx;
        if (b == null) {
            try (var in = ScheduleEditor.class.getClassLoader().getResourceAsStream(HTMX)) {
                if (in == null) {
                    throw ApiException.notFound("htmx is not on the classpath (" + HTMX + ")");
                }
                b = in.readAllBytes();
            }
            htmx = b;
        }
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/javascript; charset=utf-8");
        return b;
    }

    // ---------------------------------------------------------------- the diff of two versions

    /** {@code GET /programaciones/{id}/diferencias?a=&b=}: two versions' original files side by side (default: the last two). */
    public String diff(Exchange ex) {
        Message m = ex.getMessage();
        String id = m.getHeader("id", String.class);
        ActiveSchedule active = registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
        List<org.respaldo.schedule.ScheduleStore.Version> history = new ArrayList<>(registry.history(id));
        history.sort(java.util.Comparator.comparingInt(org.respaldo.schedule.ScheduleStore.Version::version));
        int last = history.isEmpty() ? active.version() : history.get(history.size() - 1).version();
        int a = version(m, "a", Math.max(1, last - 1));
        int b = version(m, "b", last);
        var left = history.stream().filter(v -> v.version() == a).findFirst()
                .orElseThrow(() -> ApiException.notFound("schedule '" + id + "' has no version " + a));
        var right = history.stream().filter(v -> v.version() == b).findFirst()
                .orElseThrow(() -> ApiException.notFound("schedule '" + id + "' has no version " + b));
        List<LineDiff.Row> rows;
        try {
            rows = LineDiff.diff(originalText(left), originalText(right));
        } catch (IllegalArgumentException e) {
            throw new ApiException(413, "the files are too long to compare here (" + e.getMessage() + "): download them");
        }
        boolean en = Frame.english(m);
        Page page = Frame.page(m, (en ? "Versions of " : "Versiones de ") + active.schedule().title(), "programaciones");
        List<Integer> versions = history.stream().map(org.respaldo.schedule.ScheduleStore.Version::version).toList();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", page);
        params.put("id", id);
        params.put("a", a);
        params.put("b", b);
        params.put("versions", versions);
        params.put("leftFile", left.sourceFile() == null ? "" : left.sourceFile());
        params.put("rightFile", right.sourceFile() == null ? "" : right.sourceFile());
        params.put("rows", rows);
        params.put("changes", (int) rows.stream().filter(r -> !r.kind().equals("same")).count());
        return Frame.render(ex, "console/diff.jte", params);
    }

    private static int version(Message m, String name, int otherwise) {
        String v = m.getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " is not a version number: '" + oneLine(v) + "'");
        }
    }

    /** A version's original file as received (its archive under the inbox's .accepted), else its stored form. */
    private String originalText(org.respaldo.schedule.ScheduleStore.Version v) {
        if (v.archivedFile() != null) {
            java.nio.file.Path file = inbox.resolve(v.archivedFile()).normalize();
            if (file.startsWith(inbox) && java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException | java.io.UncheckedIOException e) {
                    // below
                }
            }
        }
        return v.content() == null ? "" : v.content();
    }

    // ---------------------------------------------------------------- the rejected files, byte for byte

    /**
     * {@code GET /bandeja/rechazados/{name}}: a rejected file as the inbox kept it, byte for byte (its reason file is
     * the same path with {@code .reason.txt}). Only a regular file directly under .rejected; a link is never followed.
     */
    public byte[] rejected(Exchange ex) {
        Message m = ex.getMessage();
        String name = m.getHeader("name", String.class);
        java.nio.file.Path dir = inbox.resolve(".rejected");
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")
                || name.indexOf('\0') >= 0) {
            throw ApiException.notFound("no rejected file named '" + oneLine(name) + "'");
        }
        java.nio.file.Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir) || !java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.notFound("no rejected file named '" + oneLine(name) + "' (or it is not a regular file)");
        }
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiException(500, "the rejected file cannot be read: " + e.getMessage());
        }
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        m.setHeader(Exchange.CONTENT_TYPE, name.endsWith(".reason.txt") ? "text/plain; charset=utf-8" : "application/octet-stream");
        m.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("Cache-Control", "no-store");
        return bytes;
    }

    // ---------------------------------------------------------------- the inventory and the preview

    private EditorViews.Inventory inventory(EditorViews.Form form) {
        List<String> servers = intake.rules().veeamServers();
        String server = form.server().isEmpty() && !servers.isEmpty() ? servers.get(0) : form.server();
        Set<String> named = new LinkedHashSet<>(lines(form.jobs()));
        if (server.isEmpty() || !servers.contains(server)) {
            return new EditorViews.Inventory(server, servers, List.of(), List.of(), servers.isEmpty()
                    ? "no hay servidores Veeam configurados / no Veeam server is configured" : null, form.jobs());
        }
        Optional<VeeamInventoryCheck.Listing> listing = intake.inventory(server);
        if (listing.isEmpty()) {
            return new EditorViews.Inventory(server, servers, List.of(), List.of(), "sin cliente Veeam / no Veeam client", form.jobs());
        }
        List<EditorViews.Pick> jobs = new ArrayList<>();
        for (String j : listing.get().jobs()) {
            jobs.add(new EditorViews.Pick(j, named.contains(j)));
        }
        List<String> others = named.stream().filter(n -> !listing.get().jobs().contains(n)).toList();
        return new EditorViews.Inventory(server, servers, jobs, listing.get().repositories(), listing.get().problem(),
                String.join("\n", others));
    }

    private EditorViews.Preview preview(EditorViews.Form form, String yaml, String user, String role, String address, boolean audited) {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        String name = fileName(form);
        ScheduleIntake.Validation v = intake.validate(name, bytes);
        if (audited) {
            audit.record(user, role, address, AuditEvent.VALIDATE, name, AuditEvent.OK, "editor preview: " + (v.valid() ? "valid"
                    : v.problems().size() + " problem(s)"));
        }
        List<EditorViews.Problem> problems = new ArrayList<>();
        for (org.respaldo.schedule.Problem p : v.problems()) {
            problems.add(new EditorViews.Problem(p.where(), p.es(), p.en()));
        }
        Schedule s = intake.parsed(name, bytes);
        List<String> next = new ArrayList<>();
        List<String> overlaps = new ArrayList<>();
        List<EditorViews.Expansion> expansions = new ArrayList<>();
        String zone = "";
        String duration = "";
        boolean fits = true;
        if (s != null) {
            zone = s.timezone().getId();
            FireTimes.next(s, clock.instant(), 10).forEach(t -> next.add(WHEN.format(t) + "|" + WHEN_EN.format(t)));
            overlaps.addAll(intake.overlapWarnings(s));
            Optional<VeeamInventoryCheck.Listing> listing = s.veeam().server() == null ? Optional.empty()
                    : intake.inventory(s.veeam().server());
            if (listing.isPresent() && listing.get().problem() == null) {
                if (s.veeam().all()) {
                    expansions.add(new EditorViews.Expansion("all: true", listing.get().jobs()));
                }
                for (String pattern : s.veeam().jobs()) {
                    if (pattern.contains("*")) {
                        expansions.add(new EditorViews.Expansion(pattern, listing.get().matching(pattern)));
                    }
                }
            }
            // from the next fire to the window's end (what a run has, as the availability check counts it), at most maxDuration
            Duration window = s.window().length();
            List<java.time.ZonedDateTime> fires = FireTimes.next(s, clock.instant(), 1);
            if (!fires.isEmpty()) {
                window = Duration.between(fires.get(0).toLocalTime(), s.window().end());
                if (window.isNegative() || window.isZero()) {
                    window = window.plusDays(1);
                }
            }
            Duration usable = s.maxDuration() != null && s.maxDuration().compareTo(window) < 0 ? s.maxDuration() : window;
            List<Duration> recent = registry.get(s.id()).isPresent() ? runs.successfulDurations(s.id(), Availability.HISTORY) : List.of();
            if (recent.isEmpty()) {
                duration = "Desde el próximo disparo quedan " + minutes(usable) + " de ventana; sin ejecuciones exitosas anteriores de esta programación: la duración"
                        + " esperada se conocerá tras la primera.|A window of " + minutes(usable) + "; no earlier successful run of this"
                        + " schedule: the expected duration is known after the first.";
            } else {
                Duration median = Availability.median(recent);
                fits = median.compareTo(usable) <= 0;
                duration = "Desde el próximo disparo quedan " + minutes(usable) + " de ventana; duración esperada " + minutes(median) + " (mediana de las últimas "
                        + recent.size() + " ejecuciones exitosas): " + (fits ? "cabe" : "NO cabe") + ".|From the next fire, " + minutes(usable)
                        + " of window left; expected duration " + minutes(median) + " (median of the last " + recent.size() + " successful runs): "
                        + (fits ? "it fits" : "it does NOT fit") + ".";
            }
        }
        List<String> warnings = new ArrayList<>(v.warnings());
        warnings.removeAll(overlaps);
        return new EditorViews.Preview(v.valid(), problems, warnings, next, zone, overlaps, expansions, duration, fits, yaml);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 120 && m % 60 == 0 ? (m / 60) + " h" : m >= 60 ? (m / 60) + " h " + (m % 60) + " min" : m + " min";
    }

    // ---------------------------------------------------------------- form ⇄ file

    static String fileName(EditorViews.Form form) {
        String id = form.id().strip();
        return (id.matches("[a-z0-9][a-z0-9-]{0,62}") ? id : "programacion") + ".yaml";
    }

    private EditorViews.Form fromSchedule(Schedule s, String owner) {
        ObjectNode o = ScheduleJson.toJson(s);
        StringBuilder blackouts = new StringBuilder();
        for (JsonNode b : o.path("blackouts")) {
            blackouts.append(b.isTextual() ? b.asText() : b.path("from").asText() + " " + b.path("to").asText()).append('\n');
        }
        List<String> techs = new ArrayList<>();
        o.path("notify").path("technicians").forEach(t -> techs.add(t.asText()));
        List<String> jobs = new ArrayList<>();
        o.path("veeam").path("jobs").forEach(j -> jobs.add(j.asText()));
        String minFree = o.path("storage").path("minFreeGb").asText();
        if (minFree.endsWith(".0")) {
            minFree = minFree.substring(0, minFree.length() - 2);
        }
        return new EditorViews.Form(s.id(), s.title(), owner.isEmpty() ? s.owner() : owner, !owner.isEmpty(), s.enabled(), s.cron(),
                s.timezone().getId(), text(o, "validFrom"), text(o, "validUntil"), s.window().start().toString(),
                s.window().end().toString(), text(o, "maxDuration"), blackouts.toString().strip(),
                s.veeam().server() == null ? "" : s.veeam().server(), s.veeam().all(), String.join("\n", jobs), s.veeam().activeFull(),
                s.storage().repository(), s.storage().path(), minFree, s.notification().director(), String.join("\n", techs),
                s.notification().language(), String.valueOf(s.retry().attempts()), s.retry().delay().toString(),
                s.overlap().name().toLowerCase(Locale.ROOT), s.misfire().name().toLowerCase(Locale.ROOT), s.rpo() == null ? ""
                        : s.rpo().toString(), true);
    }

    private static String text(ObjectNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : "";
    }

    private static EditorViews.Form fromFields(Map<String, List<String>> f, String owner) {
        // the jobs: the typed names and patterns, then the ones ticked in the inventory, each once
        Set<String> jobs = new LinkedHashSet<>(lines(first(f, "veeam.jobs")));
        jobs.addAll(f.getOrDefault("veeam.job", List.of()));
        return new EditorViews.Form(first(f, "id"), first(f, "title"), owner.isEmpty() ? first(f, "owner") : owner, !owner.isEmpty(),
                "yes".equals(first(f, "enabled")), first(f, "cron"), first(f, "timezone"), first(f, "validFrom"),
                first(f, "validUntil"), first(f, "window.start"), first(f, "window.end"), first(f, "maxDuration"),
                first(f, "blackouts"), first(f, "veeam.server"), "yes".equals(first(f, "veeam.all")), String.join("\n", jobs),
                "yes".equals(first(f, "veeam.activeFull")), first(f, "storage.repository"), first(f, "storage.path"),
                first(f, "storage.minFreeGb"), first(f, "notify.director"), first(f, "notify.technicians"),
                first(f, "notify.language"), first(f, "retry.attempts"), first(f, "retry.delay"), first(f, "overlap"),
                first(f, "misfire"), first(f, "rpo"), "yes".equals(first(f, "editing")));
    }

    /**
     * The schedule file the form says, in the schema's field order: an empty optional field is left out (its default
     * applies), a number field that does not read as a number is written as typed (the validator then names it).
     */
    static String yaml(EditorViews.Form f, String user) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("version", 1);
        put(o, "id", f.id());
        put(o, "title", f.title());
        put(o, "owner", f.owner());
        o.put("enabled", f.enabled());
        put(o, "cron", f.cron());
        put(o, "timezone", f.timezone());
        put(o, "validFrom", f.validFrom());
        put(o, "validUntil", f.validUntil());
        ObjectNode w = o.putObject("window");
        put(w, "start", f.windowStart());
        put(w, "end", f.windowEnd());
        put(o, "maxDuration", f.maxDuration());
        List<String> blackouts = lines(f.blackouts());
        if (!blackouts.isEmpty()) {
            ArrayNode b = o.putArray("blackouts");
            for (String line : blackouts) {
                String[] parts = line.split("\\s*(?:\\s|,|→|–|—|/)\\s*");
                if (parts.length == 2) {
                    ObjectNode p = b.addObject();
                    p.put("from", parts[0]);
                    p.put("to", parts[1]);
                } else {
                    b.add(line);
                }
            }
        }
        ObjectNode v = o.putObject("veeam");
        put(v, "server", f.server());
        List<String> jobs = lines(f.jobs());
        if (f.all()) {
            v.put("all", true);
        }
        if (!jobs.isEmpty() || !f.all()) {
            ArrayNode j = v.putArray("jobs");
            jobs.forEach(j::add);
        }
        if (f.activeFull()) {
            v.put("activeFull", true);
        }
        ObjectNode st = o.putObject("storage");
        put(st, "repository", f.repository());
        put(st, "path", f.path());
        number(st, "minFreeGb", f.minFreeGb());
        ObjectNode n = o.putObject("notify");
        put(n, "director", f.director());
        List<String> techs = lines(f.technicians());
        if (!techs.isEmpty()) {
            ArrayNode t = n.putArray("technicians");
            techs.forEach(t::add);
        }
        put(n, "language", f.language());
        if (!f.attempts().isBlank() || !f.delay().isBlank()) {
            ObjectNode r = o.putObject("retry");
            number(r, "attempts", f.attempts());
            put(r, "delay", f.delay());
        }
        put(o, "overlap", f.overlap());
        put(o, "misfire", f.misfire());
        put(o, "rpo", f.rpo());
        try {
            return "# Redactada en la consola de Respaldo por " + oneLine(user) + " (drafted in Respaldo's console)\n"
                    + YAML.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null && !value.isBlank()) {
            o.put(field, value.strip());
        }
    }

    private static void number(ObjectNode o, String field, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String v = value.strip();
        if (v.matches("-?\\d{1,9}")) {
            o.put(field, Integer.parseInt(v));
        } else if (v.matches("-?\\d+(\\.\\d+)?")) {
            o.put(field, new java.math.BigDecimal(v));
        } else {
            o.put(field, v);
        }
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the posted form

    /** Every value of every field (a ticked list sends a field several times): the body's, else platform-http's headers. */
    static Map<String, List<String>> fields(Message m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Object body = m.getBody();
        if (body instanceof byte[] bytes) {
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof String text && !text.isEmpty() && text.indexOf('=') > 0) {
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String val = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(val);
            }
        }
        for (String k : FIELDS) {
            Object h = m.getHeader(k);
            if (h != null && !out.containsKey(k)) {
                List<String> values = new ArrayList<>();
                if (h instanceof Iterable<?> it) {
                    it.forEach(x -> values.add(String.valueOf(x)));
                } else {
                    values.add(String.valueOf(h));
                }
                out.put(k, values);
            }
            m.removeHeader(k);
        }
        Object confirm = m.getHeader("confirm");
        if (confirm != null && !out.containsKey("confirm")) {
            out.put("confirm", List.of(String.valueOf(confirm)));
        }
        m.removeHeader("confirm");
        return out;
    }

    private static String first(Map<String, List<String>> f, String key) {
        List<String> v = f.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static String jsonText(String json, String field) {
        try {
            return Json.MAPPER.readTree(json).path(field).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String s) {
        return org.respaldo.text.Printable.escape(s == null ? "" : s);
    }
}
