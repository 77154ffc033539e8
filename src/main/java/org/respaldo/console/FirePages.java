package org.respaldo.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.respaldo.run.FireFates;
import org.respaldo.run.Run;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.FireTimes;
import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.web.ApiException;
import org.respaldo.web.FiresApi;

/**
 * Two pages of the console: "¿Por qué no se ejecutó?" ({@code /por-que}: a schedule's expected fires in a range and
 * what became of each, from {@link FireFates}) and the Calendario ({@code /calendario}: a month grid of one schedule or
 * of all, past runs by result, planned fires, blackout days shaded, validity; {@code /calendario/dia}: a day's runs).
 * Every role may read them. Spanish by default, {@code ?lang=en}; times in the schedule's zone.
 */
public final class FirePages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The calendar of every schedule counts at most this many runs of a month, and this many planned fires of each. */
    static final int MONTH_RUNS = 200_000;
    static final int PLANNED_PER_SCHEDULE = 1500;

    private final ScheduleRegistry registry;
    private final RunStore runs;
    private final FiresApi fires;
    private final ZoneId defaultZone;
    private final Clock clock;

    public FirePages(ScheduleRegistry registry, RunStore runs, FiresApi fires, ZoneId defaultZone, Clock clock) {
        this.registry = registry;
        this.runs = runs;
        this.fires = fires;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    /** An option of the schedule chooser. */
    public record Option(String id, String title) {
    }

    /** A fire of the "¿por qué?" page, in words. {@code mark}: its CSS class. */
    public record WhyRow(String local, String weekday, int version, boolean expected, boolean first, String fate, String mark,
            String runId, String runResult, List<String> evidence) {
    }

    public record ChangeRow(String at, int from, int to, List<String> changed) {
    }

    public record OtherRow(String runId, String at, String trigger, String result, String mark) {
    }

    public record FateCount(String label, String mark, int count) {
    }

    public record Why(String schedule, String title, String zone, String from, String to, List<Option> options, List<WhyRow> rows,
            List<FateCount> counts, List<ChangeRow> changes, List<OtherRow> others, boolean truncated, String registered,
            String query) {
    }

    /** A day of the month grid: runs by result, planned fires, blackout and validity, and where a click leads. */
    public record Day(int day, boolean inMonth, boolean today, String date, List<FateCount> results, int planned, boolean blackout,
            String blackoutText, boolean outsideValidity, String link) {
    }

    public record Calendar(String schedule, String title, String zone, String month, String monthName, String prev, String next,
            List<String> weekdays, List<List<Day>> weeks, List<Option> options, String validity, boolean plannedCut) {
    }

    public record DayRun(String runId, String scheduleId, String title, String fired, String trigger, String result, String mark) {
    }

    public record DayPage(String schedule, String title, String date, String zone, List<DayRun> runs, List<String> planned,
            String whyLink, String monthLink, boolean more) {
    }

    // ------------------------------------------------------------------ the frame

    private static Page page(Message m, String title, String current) {
        return Frame.page(m, title, current);
    }

    private static String render(Exchange ex, String template, Map<String, Object> params) {
        return Frame.render(ex, template, params);
    }

    private static String text(Message m, String name) {
        String v = m.getHeader(name, String.class);
        return v == null ? "" : v.trim();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private List<Option> options() {
        if (registry.size() > 1000) {
            return List.of(); // a text field then, not a list of thousands
        }
        List<Option> out = new ArrayList<>();
        for (ActiveSchedule a : registry.active()) {
            out.add(new Option(a.id(), a.schedule().title()));
        }
        return out;
    }

    // ------------------------------------------------------------------ ¿Por qué no se ejecutó?

    static String fateLabel(FireFates.Fate f, Run run, boolean en) {
        return switch (f) {
            case RAN -> (en ? "ran: " : "se ejecutó: ") + Words.result(run.result(), en);
            case IN_PROGRESS -> en ? "in progress" : "en curso";
            case SKIPPED -> en ? "skipped" : "omitida";
            case MISSED -> en ? "missed (Respaldo could not fire it on time)" : "perdida (Respaldo no pudo dispararla a su hora)";
            case DOWN -> en ? "missed: Respaldo was down" : "perdida: Respaldo estaba detenido";
            case NO_RECORD -> en ? "no record" : "sin registro";
            case BLACKOUT -> en ? "blackout" : "bloqueo (blackout)";
            case OUTSIDE_VALIDITY -> en ? "outside validity" : "fuera de vigencia";
            case DISABLED -> en ? "disabled at the time" : "deshabilitada entonces";
            case PLANNED -> en ? "planned" : "prevista";
            case DUE -> en ? "due now" : "disparándose";
        };
    }

    static String fateMark(FireFates.Fate f, Run run) {
        return switch (f) {
            case RAN -> Words.mark(run.result());
            case IN_PROGRESS -> "curso";
            case SKIPPED -> "omitida";
            case MISSED, DOWN -> "perdida";
            case NO_RECORD -> "sinregistro";
            case BLACKOUT -> "bloqueo";
            case OUTSIDE_VALIDITY -> "vigencia";
            case DISABLED -> "deshabilitada";
            case PLANNED, DUE -> "prevista";
        };
    }

    /** {@code GET /por-que?schedule=&from=&to=}. */
    public String why(Exchange ex) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, en ? "Why did it not run?" : "¿Por qué no se ejecutó?", "porque");
        String id = text(m, "schedule");
        String from = text(m, "from");
        String to = text(m, "to");
        if (id.isEmpty()) {
            return render(ex, "console/why.jte", Map.of("page", page, "why", new Why("", "", "", from, to, options(), List.of(),
                    List.of(), List.of(), List.of(), false, "", "")));
        }
        ActiveSchedule a = registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '" + id + "'"));
        FiresApi.Range range = fires.range(id, from, to);
        FireFates.Explanation e = fires.explain(id, range);
        ZoneId z = range.zone();
        Locale locale = en ? Locale.ENGLISH : Locale.forLanguageTag("es");
        List<WhyRow> rows = new ArrayList<>();
        Map<FireFates.Fate, Integer> counts = new EnumMap<>(FireFates.Fate.class);
        for (FireFates.Fire f : e.fires()) {
            counts.merge(f.fate(), 1, Integer::sum);
            List<String> ev = f.evidence().stream().map(x -> en ? x.en() : x.es()).toList();
            rows.add(new WhyRow(WHEN.format(f.local()), f.local().getDayOfWeek().getDisplayName(TextStyle.SHORT, locale), f.version(),
                    f.expected(), f.firstOfVersion(), fateLabel(f.fate(), f.run(), en), fateMark(f.fate(), f.run()),
                    f.run() == null ? null : f.run().id(), f.run() == null ? null : Words.result(f.run().result(), en), ev));
        }
        List<FateCount> fc = new ArrayList<>();
        counts.forEach((fate, n) -> fc.add(new FateCount(fate == FireFates.Fate.RAN ? (en ? "ran" : "se ejecutó")
                : fateLabel(fate, null, en), fate == FireFates.Fate.RAN ? "exito" : fateMark(fate, null), n)));
        List<ChangeRow> changes = new ArrayList<>();
        for (FireFates.Change c : e.changes()) {
            changes.add(new ChangeRow(WHEN.format(c.at().atZone(z)), c.from(), c.to(), c.changed().stream().map(x -> en ? x.en() : x.es())
                    .toList()));
        }
        List<OtherRow> others = new ArrayList<>();
        for (Run r : e.others()) {
            others.add(new OtherRow(r.id(), WHEN.format(r.scheduledFireTime().atZone(z)), r.trigger().json(),
                    Words.result(r.result(), en), Words.mark(r.result())));
        }
        String query = "schedule=" + enc(id) + "&from=" + enc(range.fromDay().toString()) + "&to=" + enc(range.toDay().toString());
        return render(ex, "console/why.jte", Map.of("page", page, "why", new Why(id, a.schedule().title(), z.getId(),
                range.fromDay().toString(), range.toDay().toString(), options(), rows, fc, changes, others, e.truncated(),
                e.registeredAt() == null ? "" : WHEN.format(e.registeredAt().atZone(z)), query)));
    }

    // ------------------------------------------------------------------ Calendario

    /** {@code GET /calendario?schedule=&month=YYYY-MM}: one schedule's month, or every schedule's. */
    public String calendar(Exchange ex) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        Page page = page(m, en ? "Calendar" : "Calendario", "calendario");
        String id = text(m, "schedule");
        ActiveSchedule a = id.isEmpty() ? null : registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '"
                + id + "'"));
        ZoneId z = a == null ? defaultZone : a.schedule().timezone();
        Instant now = clock.instant();
        LocalDate today = now.atZone(z).toLocalDate();
        YearMonth month;
        try {
            month = text(m, "month").isEmpty() ? YearMonth.from(today) : YearMonth.parse(text(m, "month"));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("month is YYYY-MM: " + e.getMessage());
        }
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        Instant from = first.atStartOfDay(z).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(z).toInstant();
        Map<LocalDate, Map<String, Integer>> results = new TreeMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (RunStore.Mark r : runs.marks(a == null ? null : id, from, to, MONTH_RUNS)) {
            LocalDate d = r.scheduledFireTime().atZone(z).toLocalDate();
            String mark = Words.mark(r.result());
            labels.putIfAbsent(mark, Words.result(r.result(), en));
            results.computeIfAbsent(d, k -> new LinkedHashMap<>()).merge(mark, 1, Integer::sum);
        }
        Map<LocalDate, Integer> planned = new TreeMap<>();
        Map<LocalDate, Integer> blackouts = new TreeMap<>();
        Map<LocalDate, String> blackoutText = new TreeMap<>();
        Instant plannedFrom = now.isAfter(from) ? now : from;
        boolean cut = false;
        List<ActiveSchedule> schedules = a == null ? new ArrayList<>(registry.active()) : List.of(a);
        for (ActiveSchedule s : schedules) {
            Schedule sc = s.schedule();
            if (sc.enabled() && plannedFrom.isBefore(to)) {
                List<ZonedDateTime> times = FireTimes.between(sc, plannedFrom, to, PLANNED_PER_SCHEDULE);
                cut |= times.size() >= PLANNED_PER_SCHEDULE;
                for (ZonedDateTime t : times) {
                    planned.merge(t.withZoneSameInstant(z).toLocalDate(), 1, Integer::sum);
                }
            }
            for (Schedule.Blackout b : sc.blackouts()) {
                for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    if (covers(b, d)) {
                        blackouts.merge(d, 1, Integer::sum);
                        blackoutText.putIfAbsent(d, FireFates.describe(b));
                    }
                }
            }
        }
        String lang = en ? "&lang=en" : "";
        String sched = a == null ? "" : "schedule=" + enc(id) + "&";
        List<List<Day>> weeks = new ArrayList<>();
        LocalDate cursor = first.minusDays(first.getDayOfWeek().getValue() - 1L); // weeks start on Monday
        while (!cursor.isAfter(last)) {
            List<Day> week = new ArrayList<>();
            for (int i = 0; i < 7; i++, cursor = cursor.plusDays(1)) {
                LocalDate d = cursor;
                List<FateCount> rs = new ArrayList<>();
                results.getOrDefault(d, Map.of()).forEach((mark, n) -> rs.add(new FateCount(labels.get(mark), mark, n)));
                boolean outside = a != null && (a.schedule().validFrom() != null && d.isBefore(a.schedule().validFrom())
                        || a.schedule().validUntil() != null && d.isAfter(a.schedule().validUntil()));
                int nb = blackouts.getOrDefault(d, 0);
                String bt = nb == 0 ? "" : a != null ? blackoutText.get(d) : nb + (en ? " schedule(s)" : " programación(es)");
                week.add(new Day(d.getDayOfMonth(), YearMonth.from(d).equals(month), d.equals(today), d.toString(), rs,
                        planned.getOrDefault(d, 0), nb > 0, bt, outside, "/calendario/dia?" + sched + "date=" + d + lang));
            }
            weeks.add(week);
        }
        Locale locale = en ? Locale.ENGLISH : Locale.forLanguageTag("es");
        List<String> weekdays = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            weekdays.add(java.time.DayOfWeek.of(i).getDisplayName(TextStyle.SHORT, locale));
        }
        String validity = "";
        if (a != null && (a.schedule().validFrom() != null || a.schedule().validUntil() != null)) {
            validity = (en ? "valid " : "vigente ") + (a.schedule().validFrom() == null ? "" : (en ? "from " : "desde ")
                    + a.schedule().validFrom() + " ") + (a.schedule().validUntil() == null ? "" : (en ? "until " : "hasta ")
                    + a.schedule().validUntil());
        }
        String monthName = month.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + month.getYear();
        return render(ex, "console/calendar.jte", Map.of("page", page, "cal", new Calendar(id, a == null ? "" : a.schedule().title(),
                z.getId(), month.toString(), monthName, "/calendario?" + sched + "month=" + month.minusMonths(1) + lang,
                "/calendario?" + sched + "month=" + month.plusMonths(1) + lang, weekdays, weeks, options(), validity.trim(), cut)));
    }

    static boolean covers(Schedule.Blackout b, LocalDate d) {
        if (b instanceof Schedule.Blackout.Day day) {
            return day.date().equals(d);
        }
        Schedule.Blackout.Period p = (Schedule.Blackout.Period) b;
        LocalDateTime start = d.atStartOfDay();
        LocalDateTime end = d.plusDays(1).atStartOfDay();
        return p.from().isBefore(end) && p.to().isAfter(start);
    }

    /** {@code GET /calendario/dia?date=YYYY-MM-DD[&schedule=]}: the runs of a day (and a schedule's planned fires). */
    public String day(Exchange ex) {
        Message m = ex.getMessage();
        boolean en = "en".equalsIgnoreCase(m.getHeader("lang", String.class));
        String id = text(m, "schedule");
        ActiveSchedule a = id.isEmpty() ? null : registry.get(id).orElseThrow(() -> ApiException.notFound("no schedule with id '"
                + id + "'"));
        ZoneId z = a == null ? defaultZone : a.schedule().timezone();
        LocalDate date;
        try {
            date = LocalDate.parse(text(m, "date"));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("date is YYYY-MM-DD: " + e.getMessage());
        }
        Page page = page(m, (en ? "Runs of " : "Ejecuciones del ") + date, "calendario");
        Instant from = date.atStartOfDay(z).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(z).toInstant();
        List<Run> list = runs.list(new RunStore.Filter(a == null ? null : id, null, null, null, from, to), 501, 0);
        List<DayRun> rows = new ArrayList<>();
        for (Run r : list.subList(0, Math.min(500, list.size()))) {
            rows.add(new DayRun(r.id(), r.scheduleId(), r.target().scheduleTitle(), WHEN.format(r.scheduledFireTime().atZone(z)),
                    r.trigger().json(), Words.result(r.result(), en), Words.mark(r.result())));
        }
        rows.sort(Comparator.comparing(DayRun::fired));
        List<String> planned = new ArrayList<>();
        Instant now = clock.instant();
        if (a != null && a.schedule().enabled() && to.isAfter(now)) {
            FireTimes.between(a.schedule(), now.isAfter(from) ? now : from.minusMillis(1), to, 200).forEach(t -> planned.add(WHEN.format(t)));
        }
        String lang = en ? "&lang=en" : "";
        String sched = a == null ? "" : "schedule=" + enc(id) + "&";
        return render(ex, "console/day.jte", Map.of("page", page, "d", new DayPage(id, a == null ? "" : a.schedule().title(),
                date.toString(), z.getId(), rows, planned, a == null ? "" : "/por-que?schedule=" + enc(id) + "&from=" + date + "&to="
                        + date + lang, "/calendario?" + sched + "month=" + YearMonth.from(date) + lang, list.size() > 500)));
    }
}
