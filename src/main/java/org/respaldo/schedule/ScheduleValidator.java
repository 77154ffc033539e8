package org.respaldo.schedule;

import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.respaldo.text.EmailAddress;
import org.respaldo.text.Printable;

/**
 * Checks a schedule tree against the rules of schedule file version 1 and builds the
 * {@link Schedule}. Every problem is collected (not only the first), each naming its field.
 */
public final class ScheduleValidator {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    static final Pattern HH_MM = Pattern.compile("^([01]\\d|2[0-3]):[0-5]\\d$");
    static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** The IANA zone ids (ZoneId.getAvailableZoneIds() copies the set on every call). */
    static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());
    static final int HORIZON_DAYS = 366;
    static final int WINDOW_CHECK_FIRES = 2_000;
    private static final DateTimeFormatter LOCAL_DT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static final Set<String> TOP = Set.of("version", "id", "title", "owner", "enabled", "cron", "timezone",
            "validFrom", "validUntil", "window", "maxDuration", "blackouts", "veeam", "storage", "notify", "retry",
            "overlap", "misfire", "rpo", "$schema");
    static final Set<String> WINDOW = Set.of("start", "end");
    static final Set<String> VEEAM = Set.of("server", "jobs", "all", "activeFull");
    static final Set<String> STORAGE = Set.of("repository", "path", "minFreeGb");
    static final Set<String> NOTIFY = Set.of("director", "technicians", "language");
    static final Set<String> RETRY = Set.of("attempts", "delay");
    static final Set<String> BLACKOUT = Set.of("from", "to");

    /** What the validator needs to know of the installation. */
    public record Rules(ZoneId defaultTimezone, List<String> veeamServers, Clock clock) {
        public Rules {
            veeamServers = List.copyOf(veeamServers);
        }
    }

    /** The schedule when there is no problem, else the problems. */
    public record Result(Schedule schedule, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Rules rules;

    public ScheduleValidator(Rules rules) {
        this.rules = rules;
    }

    public Rules rules() {
        return rules;
    }

    /** Every rule, including the ones that depend on today and on the configured Veeam servers. */
    public Result validate(JsonNode root) {
        Check c = new Check();
        Schedule s = read(root, c, true);
        if (s != null && c.problems.isEmpty()) {
            crossChecks(s, c);
        }
        return new Result(c.problems.isEmpty() ? s : null, List.copyOf(c.problems));
    }

    /**
     * Rebuilds a schedule that was accepted earlier (stored form), without the checks that
     * depend on today or on the current Veeam configuration.
     */
    public Schedule restore(JsonNode stored) {
        Check c = new Check();
        Schedule s = read(stored, c, false);
        if (s == null || !c.problems.isEmpty()) {
            throw new IllegalStateException("stored schedule no longer reads: " + c.problems);
        }
        return s;
    }

    // ---------------------------------------------------------------- reading

    private Schedule read(JsonNode root, Check c, boolean checkServers) {
        c.unknown(root, "", TOP);
        Integer version = c.integer(root, "version", true, null);
        if (version != null && version != 1) {
            c.add("version", "debe ser 1 (la única versión del formato); se encontró " + version,
                    "must be 1 (the only format version); found " + version);
        }
        String id = c.string(root, "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            c.add("id", "debe usar solo minúsculas, dígitos y guiones, empezar con letra o dígito, y tener hasta 63 caracteres; se encontró \"" + id + "\"",
                    "must use only lower-case letters, digits and hyphens, start with a letter or digit, and be at most 63 characters; found \"" + id + "\"");
        }
        String title = c.string(root, "title", true);
        if (title != null) {
            if (title.isBlank() || title.length() > 200) {
                c.add("title", "debe tener entre 1 y 200 caracteres; tiene " + title.length(),
                        "must have 1 to 200 characters; it has " + title.length());
            } else if (CONTROL.matcher(title).find()) {
                c.add("title", "no puede contener caracteres de control (saltos de línea, tabuladores…)",
                        "must not contain control characters (line breaks, tabs…)");
            }
        }
        String owner = c.email(root, "owner", true);
        Boolean enabled = c.bool(root, "enabled", false, "enabled");
        String cron = c.string(root, "cron", true);
        if (cron != null) {
            checkCron(cron, c);
        }
        ZoneId zone = rules.defaultTimezone();
        String tz = c.string(root, "timezone", false);
        if (tz != null) {
            if (ZONES.contains(tz)) {
                zone = ZoneId.of(tz);
            } else {
                zone = null;
                c.add("timezone", "\"" + tz + "\" no es una zona horaria IANA (por ejemplo America/Guatemala)",
                        "\"" + tz + "\" is not an IANA time zone (for example America/Guatemala)");
            }
        }
        LocalDate validFrom = c.date(root, "validFrom");
        LocalDate validUntil = c.date(root, "validUntil");
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            c.add("validUntil", "(" + validUntil + ") no puede ser anterior a validFrom (" + validFrom + ")",
                    "(" + validUntil + ") must not be before validFrom (" + validFrom + ")");
        }
        Schedule.Window window = readWindow(root, c);
        Duration maxDuration = c.duration(root, "maxDuration", false);
        if (maxDuration != null) {
            if (maxDuration.isZero() || maxDuration.isNegative()) {
                c.add("maxDuration", "debe ser mayor que cero", "must be greater than zero");
            } else if (window != null && maxDuration.compareTo(window.length()) > 0) {
                c.add("maxDuration", "(" + maxDuration + ") no puede ser mayor que la ventana (" + window.length() + ")",
                        "(" + maxDuration + ") must not be longer than the window (" + window.length() + ")");
            }
        }
        List<Schedule.Blackout> blackouts = readBlackouts(root, c);
        Schedule.VeeamTarget veeam = readVeeam(root, c, checkServers);
        Schedule.Storage storage = readStorage(root, c);
        Schedule.Notify notification = readNotify(root, c);
        Schedule.Retry retry = readRetry(root, c);
        Schedule.Overlap overlap = Schedule.Overlap.SKIP;
        String ov = c.string(root, "overlap", false);
        if (ov != null) {
            if (ov.equals("skip") || ov.equals("queue")) {
                overlap = Schedule.Overlap.valueOf(ov.toUpperCase(Locale.ROOT));
            } else {
                c.add("overlap", "debe ser \"skip\" u \"queue\"; se encontró \"" + ov + "\"",
                        "must be \"skip\" or \"queue\"; found \"" + ov + "\"");
            }
        }
        Schedule.Misfire misfire = Schedule.Misfire.RUN;
        String mf = c.string(root, "misfire", false);
        if (mf != null) {
            if (mf.equals("run") || mf.equals("skip")) {
                misfire = Schedule.Misfire.valueOf(mf.toUpperCase(Locale.ROOT));
            } else {
                c.add("misfire", "debe ser \"run\" o \"skip\"; se encontró \"" + mf + "\"",
                        "must be \"run\" or \"skip\"; found \"" + mf + "\"");
            }
        }
        Duration rpo = c.duration(root, "rpo", false);
        if (rpo != null && (rpo.isZero() || rpo.isNegative())) {
            c.add("rpo", "debe ser mayor que cero", "must be greater than zero");
        }
        if (!c.problems.isEmpty()) {
            return null;
        }
        return new Schedule(version, id, title, owner, enabled == null || enabled, cron, zone, validFrom, validUntil,
                window, maxDuration, blackouts, veeam, storage, notification, retry, overlap, misfire, rpo);
    }

    private void checkCron(String cron, Check c) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length < 6 || fields.length > 7) {
            c.add("cron", "debe ser una expresión cron de Quartz con 6 o 7 campos (segundos minutos horas día-del-mes mes día-de-la-semana [año]); tiene " + fields.length,
                    "must be a Quartz cron expression with 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]); it has " + fields.length);
            return;
        }
        try {
            FireTimes.parse(cron, ZoneOffset.UTC);
        } catch (ParseException e) {
            c.add("cron", "no es una expresión cron de Quartz válida: " + e.getMessage(),
                    "is not a valid Quartz cron expression: " + e.getMessage());
        }
    }

    private Schedule.Window readWindow(JsonNode root, Check c) {
        JsonNode w = c.object(root, "window", true);
        if (w == null) {
            return null;
        }
        c.unknown(w, "window.", WINDOW);
        LocalTime start = c.time(w, "window.start");
        LocalTime end = c.time(w, "window.end");
        if (start != null && end != null && start.equals(end)) {
            c.add("window.end", "debe ser distinto de window.start (" + start + ")",
                    "must differ from window.start (" + start + ")");
            return null;
        }
        return start != null && end != null ? new Schedule.Window(start, end) : null;
    }

    private List<Schedule.Blackout> readBlackouts(JsonNode root, Check c) {
        List<Schedule.Blackout> result = new ArrayList<>();
        JsonNode list = c.array(root, "blackouts", false);
        if (list == null) {
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "blackouts[" + i + "]";
            JsonNode item = list.get(i);
            if (item.isTextual()) {
                LocalDate d = c.parseDate(item.asText(), path);
                if (d != null) {
                    result.add(new Schedule.Blackout.Day(d));
                }
            } else if (item.isObject()) {
                c.unknown(item, path + ".", BLACKOUT);
                LocalDateTime from = c.dateTime(item, "from", path + ".from");
                LocalDateTime to = c.dateTime(item, "to", path + ".to");
                if (from != null && to != null) {
                    if (!to.isAfter(from)) {
                        c.add(path + ".to", "(" + to + ") debe ser posterior a from (" + from + ")",
                                "(" + to + ") must be after from (" + from + ")");
                    } else {
                        result.add(new Schedule.Blackout.Period(from, to));
                    }
                }
            } else {
                c.add(path, "debe ser una fecha AAAA-MM-DD o un objeto {from, to} con fechas y horas locales",
                        "must be a date YYYY-MM-DD or an object {from, to} of local date-times");
            }
        }
        return result;
    }

    private Schedule.VeeamTarget readVeeam(JsonNode root, Check c, boolean checkServers) {
        JsonNode v = c.object(root, "veeam", true);
        if (v == null) {
            return null;
        }
        c.unknown(v, "veeam.", VEEAM);
        String server = c.string(v, "server", false, "veeam.server");
        if (server == null) {
            if (rules.veeamServers().isEmpty()) {
                if (checkServers) {
                    c.add("veeam.server", "no hay ningún servidor Veeam configurado (respaldo.veeam.<alias>.url)",
                            "no Veeam server is configured (respaldo.veeam.<alias>.url)");
                }
            } else {
                server = rules.veeamServers().get(0);
            }
        } else if (checkServers && !rules.veeamServers().contains(server)) {
            c.add("veeam.server", "\"" + server + "\" no es un servidor Veeam configurado; los configurados son: " + rules.veeamServers(),
                    "\"" + server + "\" is not a configured Veeam server; configured: " + rules.veeamServers());
        }
        Boolean all = c.bool(v, "all", false, "veeam.all");
        boolean hasJobs = v.has("jobs");
        List<String> jobs = List.of();
        if (hasJobs) {
            jobs = c.stringList(v, "jobs", "veeam.jobs");
            if (jobs != null) {
                if (jobs.isEmpty()) {
                    c.add("veeam.jobs", "no puede estar vacía: indique al menos un trabajo de Veeam, o use all: true",
                            "must not be empty: name at least one Veeam job, or use all: true");
                }
                for (int i = 0; i < jobs.size(); i++) {
                    String job = jobs.get(i);
                    String inner = job.length() > 2 ? job.substring(1, job.length() - 1) : "";
                    if (job.isBlank()) {
                        c.add("veeam.jobs[" + i + "]", "no puede estar en blanco", "must not be blank");
                    } else if (inner.contains("*") || job.equals("**")) {
                        c.add("veeam.jobs[" + i + "]", "\"" + job + "\": el comodín * solo se admite al inicio o al final del nombre",
                                "\"" + job + "\": the wildcard * is allowed only at the start or end of the name");
                    }
                }
            }
        }
        if (hasJobs && Boolean.TRUE.equals(all)) {
            c.add("veeam", "use jobs o all: true, no ambos", "use either jobs or all: true, not both");
        } else if (!hasJobs && !Boolean.TRUE.equals(all)) {
            c.add("veeam.jobs", "falta: indique los trabajos de Veeam a ejecutar, o use all: true",
                    "missing: name the Veeam jobs to run, or use all: true");
        }
        Boolean activeFull = c.bool(v, "activeFull", false, "veeam.activeFull");
        return new Schedule.VeeamTarget(server, jobs == null ? List.of() : jobs, Boolean.TRUE.equals(all),
                Boolean.TRUE.equals(activeFull));
    }

    private Schedule.Storage readStorage(JsonNode root, Check c) {
        JsonNode s = c.object(root, "storage", true);
        if (s == null) {
            return null;
        }
        c.unknown(s, "storage.", STORAGE);
        String repository = c.string(s, "repository", true, "storage.repository");
        if (repository != null && repository.isBlank()) {
            c.add("storage.repository", "no puede estar en blanco", "must not be blank");
        }
        String path = c.string(s, "path", true, "storage.path");
        if (path != null) {
            StoragePaths.problem(path).ifPresent(p -> c.add("storage.path", p[0], p[1]));
        }
        Double minFree = c.number(s, "minFreeGb", "storage.minFreeGb");
        if (minFree != null && minFree < 0) {
            c.add("storage.minFreeGb", "no puede ser negativo", "must not be negative");
        }
        return new Schedule.Storage(repository, path, minFree == null ? 0 : minFree);
    }

    private Schedule.Notify readNotify(JsonNode root, Check c) {
        JsonNode n = c.object(root, "notify", true);
        if (n == null) {
            return null;
        }
        c.unknown(n, "notify.", NOTIFY);
        String director = c.email(n, "director", true, "notify.director");
        List<String> technicians = List.of();
        if (n.has("technicians")) {
            technicians = c.stringList(n, "technicians", "notify.technicians");
            if (technicians != null) {
                for (int i = 0; i < technicians.size(); i++) {
                    c.checkEmail("notify.technicians[" + i + "]", technicians.get(i));
                }
            }
        }
        String language = c.string(n, "language", false, "notify.language");
        if (language != null && !language.equals("es") && !language.equals("en")) {
            c.add("notify.language", "debe ser \"es\" o \"en\"; se encontró \"" + language + "\"",
                    "must be \"es\" or \"en\"; found \"" + language + "\"");
        }
        return new Schedule.Notify(director, technicians == null ? List.of() : technicians,
                language == null ? "es" : language);
    }

    private Schedule.Retry readRetry(JsonNode root, Check c) {
        JsonNode r = c.object(root, "retry", false);
        if (r == null) {
            return new Schedule.Retry(0, Duration.ofMinutes(10));
        }
        c.unknown(r, "retry.", RETRY);
        Integer attempts = c.integer(r, "attempts", false, "retry.attempts");
        if (attempts != null && (attempts < 0 || attempts > 5)) {
            c.add("retry.attempts", "debe estar entre 0 y 5; se encontró " + attempts, "must be between 0 and 5; found " + attempts);
        }
        Duration delay = c.duration(r, "delay", false, "retry.delay");
        if (delay != null && delay.compareTo(Duration.ofMinutes(1)) < 0) {
            c.add("retry.delay", "debe ser de al menos PT1M (un minuto); se encontró " + delay,
                    "must be at least PT1M (one minute); found " + delay);
        }
        return new Schedule.Retry(attempts == null ? 0 : attempts, delay == null ? Duration.ofMinutes(10) : delay);
    }

    // ---------------------------------------------------------------- cross checks

    private void crossChecks(Schedule s, Check c) {
        java.time.Instant now = rules.clock().instant();
        java.time.Instant from = now;
        if (s.validFrom() != null) {
            java.time.Instant start = s.validFrom().atStartOfDay(s.timezone()).toInstant();
            if (start.isAfter(from)) {
                from = start.minusMillis(1);
            }
        }
        LocalDateTime outside = FireTimes.firstOutsideWindow(s, from, HORIZON_DAYS, WINDOW_CHECK_FIRES);
        if (outside != null) {
            String w = s.window().start() + "–" + s.window().end();
            c.add("cron", "dispara el " + LOCAL_DT.format(outside) + " (hora de " + s.timezone() + "), fuera de la ventana " + w + "; ajuste cron o window",
                    "fires at " + LOCAL_DT.format(outside) + " (" + s.timezone() + " time), outside the window " + w + "; adjust cron or window");
        }
        if (s.rpo() != null) {
            FireTimes.longestGap(s, from).filter(gap -> s.rpo().compareTo(gap) < 0).ifPresent(gap -> c.add("rpo",
                    "(" + s.rpo() + ") debe ser de al menos el mayor intervalo entre dos disparos de la programación (" + gap
                            + "); de lo contrario la alarma «sin respaldo reciente» saltaría aunque todo funcione",
                    "(" + s.rpo() + ") must be at least the longest gap between two fires of the schedule (" + gap
                            + "); otherwise the \"no recent backup\" alarm would go off with everything working"));
        }
        if (FireTimes.next(s, now, 1).isEmpty()) {
            c.add("cron", "no dispararía ninguna vez en los próximos 366 días una vez aplicados validFrom/validUntil y blackouts",
                    "would never fire in the next 366 days once validFrom/validUntil and blackouts are applied");
        }
    }

    // ---------------------------------------------------------------- the collector

    /** Collects problems while reading typed values out of the tree. */
    private static final class Check {
        final List<Problem> problems = new ArrayList<>();

        void add(String field, String es, String en) {
            problems.add(Problem.at(field, es, en));
        }

        void unknown(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                String name = it.next().getKey();
                if (!known.contains(name)) {
                    String hint = closest(name, known);
                    add(prefix + name,
                            "campo desconocido" + (hint == null ? "" : "; ¿quiso decir \"" + hint + "\"?") + " Campos válidos aquí: " + sorted(known),
                            "unknown field" + (hint == null ? "" : "; did you mean \"" + hint + "\"?") + " Valid fields here: " + sorted(known));
                }
            }
        }

        JsonNode value(JsonNode parent, String name, boolean required, String path) {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    add(path, "falta este campo obligatorio", "this required field is missing");
                }
                return null;
            }
            return v;
        }

        String string(JsonNode parent, String name, boolean required) {
            return string(parent, name, required, name);
        }

        String string(JsonNode parent, String name, boolean required, String path) {
            JsonNode v = value(parent, name, required, path);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                add(path, "debe ser texto; se encontró " + describe(v), "must be text; found " + describe(v));
                return null;
            }
            return v.asText();
        }

        String email(JsonNode parent, String name, boolean required) {
            return email(parent, name, required, name);
        }

        String email(JsonNode parent, String name, boolean required, String path) {
            String s = string(parent, name, required, path);
            return s != null && checkEmail(path, s) ? s : null;
        }

        /** The one address rule ({@link EmailAddress}): what the mailer sends to. */
        boolean checkEmail(String path, String address) {
            java.util.Optional<EmailAddress.Reason> reason = EmailAddress.problem(address);
            reason.ifPresent(r -> add(path,
                    "\"" + Printable.escape(address) + "\" no es una dirección de correo válida: " + r.es(),
                    "\"" + Printable.escape(address) + "\" is not a valid e-mail address: " + r.en()));
            return reason.isEmpty();
        }

        Integer integer(JsonNode parent, String name, boolean required, String path) {
            String p = path == null ? name : path;
            JsonNode v = value(parent, name, required, p);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                add(p, "debe ser un número entero; se encontró " + describe(v), "must be a whole number; found " + describe(v));
                return null;
            }
            return v.intValue();
        }

        Double number(JsonNode parent, String name, String path) {
            JsonNode v = value(parent, name, false, path);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                add(path, "debe ser un número; se encontró " + describe(v), "must be a number; found " + describe(v));
                return null;
            }
            return v.doubleValue();
        }

        Boolean bool(JsonNode parent, String name, boolean required, String path) {
            JsonNode v = value(parent, name, required, path);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                add(path, "debe ser true o false; se encontró " + describe(v), "must be true or false; found " + describe(v));
                return null;
            }
            return v.booleanValue();
        }

        JsonNode object(JsonNode parent, String name, boolean required) {
            JsonNode v = value(parent, name, required, name);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                add(name, "debe ser un objeto con campos; se encontró " + describe(v), "must be an object with fields; found " + describe(v));
                return null;
            }
            return v;
        }

        JsonNode array(JsonNode parent, String name, boolean required) {
            JsonNode v = value(parent, name, required, name);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                add(name, "debe ser una lista; se encontró " + describe(v), "must be a list; found " + describe(v));
                return null;
            }
            return v;
        }

        List<String> stringList(JsonNode parent, String name, String path) {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull() || !v.isArray()) {
                add(path, "debe ser una lista de textos; se encontró " + describe(v), "must be a list of text values; found " + describe(v));
                return null;
            }
            List<String> result = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    add(path + "[" + i + "]", "debe ser texto; se encontró " + describe(v.get(i)), "must be text; found " + describe(v.get(i)));
                } else {
                    result.add(v.get(i).asText());
                }
            }
            return result;
        }

        LocalDate date(JsonNode parent, String name) {
            String s = string(parent, name, false, name);
            return s == null ? null : parseDate(s, name);
        }

        LocalDate parseDate(String s, String path) {
            try {
                if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    return LocalDate.parse(s);
                }
            } catch (DateTimeParseException e) {
                // falls through to the problem below
            }
            add(path, "debe ser una fecha válida AAAA-MM-DD; se encontró \"" + s + "\"", "must be a valid date YYYY-MM-DD; found \"" + s + "\"");
            return null;
        }

        LocalDateTime dateTime(JsonNode parent, String name, String path) {
            String s = string(parent, name, true, path);
            if (s == null) {
                return null;
            }
            try {
                if (s.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?")) {
                    return LocalDateTime.parse(s.replace(' ', 'T'));
                }
            } catch (DateTimeParseException e) {
                // falls through to the problem below
            }
            add(path, "debe ser una fecha y hora local AAAA-MM-DDTHH:MM; se encontró \"" + s + "\"",
                    "must be a local date-time YYYY-MM-DDTHH:MM; found \"" + s + "\"");
            return null;
        }

        LocalTime time(JsonNode parent, String path) {
            String name = path.substring(path.lastIndexOf('.') + 1);
            JsonNode v = value(parent, name, true, path);
            if (v == null) {
                return null;
            }
            if (v.isNumber()) {
                add(path, "debe ser una hora HH:MM entre comillas (por ejemplo \"22:00\"); se encontró " + v.asText(),
                        "must be a time HH:MM in quotes (for example \"22:00\"); found " + v.asText());
                return null;
            }
            String s = v.asText();
            if (!v.isTextual() || !HH_MM.matcher(s).matches()) {
                add(path, "debe ser una hora HH:MM de 24 horas (por ejemplo \"22:00\"); se encontró \"" + s + "\"",
                        "must be a 24-hour time HH:MM (for example \"22:00\"); found \"" + s + "\"");
                return null;
            }
            return LocalTime.parse(s);
        }

        Duration duration(JsonNode parent, String name, boolean required) {
            return duration(parent, name, required, name);
        }

        Duration duration(JsonNode parent, String name, boolean required, String path) {
            String s = string(parent, name, required, path);
            if (s == null) {
                return null;
            }
            try {
                return Duration.parse(s);
            } catch (DateTimeException e) {
                add(path, "debe ser una duración ISO-8601 (por ejemplo PT2H o PT90M); se encontró \"" + s + "\"",
                        "must be an ISO-8601 duration (for example PT2H or PT90M); found \"" + s + "\"");
                return null;
            }
        }

        static String describe(JsonNode v) {
            if (v == null || v.isNull()) {
                return "nada/nothing";
            }
            if (v.isTextual()) {
                return "\"" + v.asText() + "\"";
            }
            if (v.isObject()) {
                return "{…}";
            }
            if (v.isArray()) {
                return "[…]";
            }
            return v.asText();
        }

        static List<String> sorted(Set<String> names) {
            return names.stream().filter(n -> !n.startsWith("$")).sorted().toList();
        }

        static String closest(String name, Set<String> known) {
            String best = null;
            int bestDistance = 3;
            for (String k : known) {
                int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
            return best;
        }

        static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }

}
