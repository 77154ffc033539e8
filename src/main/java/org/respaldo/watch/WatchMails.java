package org.respaldo.watch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.respaldo.notify.MailBody;
import org.respaldo.outbox.Mail;
import org.respaldo.run.Run;
import org.respaldo.schedule.Schedule;

/**
 * The watch's mails, in the schedule's language (the digest in {@code respaldo.digest.language}):
 * «SIN RESPALDO RECIENTE» (event {@code stale}), its end (event {@code recovered}) and the daily
 * digest (event {@code digest}). Composition only: what goes in is decided by {@link RpoWatch} and
 * {@link DailyDigest}.
 */
public final class WatchMails {

    static final String PREFIX = "[Respaldo] ";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final int MAX_LISTED = 100;
    private static final String FOOTER_ES = "Respaldo vigila por el Director de Tecnologías de la Información que cada programación"
            + " (paso 1 del procedimiento ME-DS-TI-MNP-12) produzca respaldos.";
    private static final String FOOTER_EN = "Respaldo watches, for the Director of Information Technology, that every schedule"
            + " (step 1 of procedure ME-DS-TI-MNP-12) produces backups.";

    /** The language of a mail. */
    record Lang(boolean english) {
        static Lang of(String code) {
            return new Lang("en".equals(code));
        }

        String t(String es, String en) {
            return english ? en : es;
        }

        String code() {
            return english ? "en" : "es";
        }
    }

    /** The Director and the technicians of a schedule, without repeats. */
    static List<String> recipients(Schedule s) {
        List<String> to = new ArrayList<>();
        to.add(s.notification().director());
        s.notification().technicians().stream().filter(t -> !to.contains(t)).forEach(to::add);
        return to;
    }

    // ------------------------------------------------------------------------------ stale

    /**
     * No good run for longer than the rpo: names the last good run (or the acceptance, when there is
     * none) and every run since with its result and reasons.
     */
    public Mail stale(Schedule s, Rpo.Status status, Run lastGood, Instant acceptedAt, List<Run> since, Instant now) {
        Lang l = Lang.of(s.notification().language());
        ZoneId zone = s.timezone();
        String subject = PREFIX + l.t("SIN RESPALDO RECIENTE: ", "NO RECENT BACKUP: ") + oneLine(s.title()) + " (" + s.id() + ")";
        String basis = lastGood != null
                ? l.t("desde el inicio de su última ejecución buena, el ", "since its last good run started, on ") + at(status.basis(), zone)
                : l.t("desde que fue aceptada, el ", "since it was accepted, on ") + at(status.basis(), zone);
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("SIN RESPALDO RECIENTE", "NO RECENT BACKUP"), MailBody.FAILED_COLOR)
                .heading(l.t("Sin respaldo reciente", "No recent backup"))
                .para(l.t("La programación «" + s.title() + "» no tiene una ejecución con resultado ÉXITO o ADVERTENCIA " + basis
                                + " (hace " + duration(Duration.between(status.basis(), now)) + "): más que su RPO de "
                                + duration(status.rpo()) + ". Los datos que protege podrían no poder recuperarse a una fecha reciente.",
                        "Schedule \"" + s.title() + "\" has had no run that ended SUCCESS or WARNING " + basis + " ("
                                + duration(Duration.between(status.basis(), now)) + " ago): longer than its RPO of "
                                + duration(status.rpo()) + ". The data it protects may not be recoverable to a recent point."));
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Programación", "Schedule"), s.title() + " (" + s.id() + ")"));
        rows.add(row("RPO", duration(status.rpo()) + " (" + (s.rpo() != null ? "rpo: " + s.rpo()
                : l.t("por omisión: el doble del mayor intervalo entre dos disparos", "default: twice the longest gap between two fires"))
                + ")"));
        rows.add(row(l.t("Último respaldo bueno", "Last good backup"), lastGood == null
                ? l.t("ninguno desde que la programación fue aceptada (" + at(acceptedAt, zone) + ")",
                        "none since the schedule was accepted (" + at(acceptedAt, zone) + ")")
                : lastGood.id() + ", " + resultWords(lastGood.result(), l) + ", " + at(status.basis(), zone)));
        rows.add(row(l.t("Sin respaldo reciente desde", "No recent backup since"), at(status.since(), zone)));
        rows.add(row(l.t("Servidor Veeam", "Veeam server"), String.valueOf(s.veeam().server())));
        rows.add(row(l.t("Trabajos de Veeam", "Veeam jobs"), s.veeam().all()
                ? l.t("todos los trabajos de backup del servidor", "every backup job on the server") : String.join("\n", s.veeam().jobs())));
        b.fields(rows);
        runsTable(b, l, zone, since, l.t("Ejecuciones desde entonces", "Runs since then"),
                l.t("Ninguna ejecución desde entonces: verifique que la programación siga disparando (¿Respaldo estuvo detenido? ¿la"
                                + " programación fue deshabilitada o salió de su vigencia?).",
                        "No run since then: check that the schedule still fires (was Respaldo down? was the schedule disabled or is it"
                                + " out of its validity?)."));
        b.para(l.t("Revise en Veeam los trabajos de esta programación y, de ser preciso, ejecútelos manualmente. Este aviso se envía"
                                + " una sola vez; recibirá otro cuando una ejecución buena lo resuelva.",
                        "Check this schedule's jobs in Veeam and, if necessary, run them by hand. This notice is sent once; another"
                                + " follows when a good run ends it."))
                .footer(l.t(FOOTER_ES, FOOTER_EN));
        return new Mail("stale", recipients(s), subject, b.text(), b.html(), headers("stale", s.id()), List.of());
    }

    // ------------------------------------------------------------------------------ recovered

    /** A good run ended the breach: names it, how long there was no good backup, and the runs in between. */
    public Mail recovered(Schedule s, Run good, Instant breachBasis, List<Run> between, Instant now) {
        Lang l = Lang.of(s.notification().language());
        ZoneId zone = s.timezone();
        String subject = PREFIX + l.t("RESPALDO RESTABLECIDO: ", "BACKUP RECOVERED: ") + oneLine(s.title()) + " (" + s.id() + ")";
        Instant goodAt = good.startedAt() != null ? good.startedAt() : good.scheduledFireTime();
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("RESPALDO RESTABLECIDO", "BACKUP RECOVERED"), MailBody.SUCCESS_COLOR)
                .heading(l.t("Respaldo restablecido", "Backup recovered"))
                .para(l.t("La programación «" + s.title() + "» vuelve a tener un respaldo reciente: la ejecución " + good.id()
                                + " terminó con resultado " + resultWords(good.result(), l) + ". Estuvo " + duration(Duration.between(breachBasis, goodAt))
                                + " sin un respaldo bueno.",
                        "Schedule \"" + s.title() + "\" has a recent backup again: run " + good.id() + " ended " + resultWords(good.result(), l)
                                + ". It went " + duration(Duration.between(breachBasis, goodAt)) + " without a good backup."));
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Programación", "Schedule"), s.title() + " (" + s.id() + ")"));
        rows.add(row(l.t("Ejecución buena", "Good run"), good.id() + ", " + resultWords(good.result(), l) + ", " + at(goodAt, zone)));
        rows.add(row(l.t("Sin respaldo bueno desde", "Without a good backup since"), at(breachBasis, zone)));
        b.fields(rows);
        runsTable(b, l, zone, between, l.t("Ejecuciones sin respaldo bueno en ese tiempo", "Runs without a good backup in that time"),
                l.t("Ninguna otra ejecución en ese tiempo.", "No other run in that time."));
        b.footer(l.t(FOOTER_ES, FOOTER_EN));
        return new Mail("recovered", recipients(s), subject, b.text(), b.html(), headers("recovered", s.id()), List.of());
    }

    // ------------------------------------------------------------------------------ digest

    /** One run of the last 24 hours, with its schedule's title. */
    public record DigestRun(String scheduleId, String title, Run run) {
    }

    /** A schedule with no recent backup. */
    public record DigestBreach(String scheduleId, String title, Instant since, Instant lastGood, Duration rpo) {
    }

    /** A fire planned in the next 24 hours. */
    public record DigestFire(ZonedDateTime at, String scheduleId, String title) {
    }

    /** A repository's free space now and a week ago (null: no digest saw it then); {@code error} when the server did not answer. */
    public record DigestRepository(String server, String repository, Double freeGb, Double capacityGb, Double weekAgoFreeGb,
            String error) {
    }

    /** What one digest says. */
    public record Digest(LocalDate day, ZoneId zone, Instant from, Instant to, List<DigestRun> runs, List<DigestBreach> breaches,
            List<DigestFire> next, List<DigestRepository> repositories, List<WatchStore.Undelivered> undelivered) {
    }

    public Mail digest(Digest d, List<String> to, String language) {
        Lang l = Lang.of(language);
        ZoneId zone = d.zone();
        List<DigestRun> bad = d.runs().stream().filter(r -> r.run().result() == Run.Result.FAILED
                || r.run().result() == Run.Result.SKIPPED || r.run().result() == Run.Result.MISSED).toList();
        String subject = PREFIX + l.t("RESUMEN DIARIO ", "DAILY DIGEST ") + d.day() + ": " + d.runs().size()
                + l.t(" ejecuciones, ", " runs, ") + bad.size() + l.t(" con problemas, ", " with problems, ") + d.breaches().size()
                + l.t(" sin respaldo reciente", " with no recent backup");
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("RESUMEN DIARIO", "DAILY DIGEST"), bad.isEmpty() && d.breaches().isEmpty() && d.undelivered().isEmpty()
                        ? MailBody.SUCCESS_COLOR : MailBody.WARNING_COLOR)
                .heading(l.t("Resumen diario de Respaldo, ", "Respaldo's daily digest, ") + d.day())
                .para(l.t("Del " + at(d.from(), zone) + " al " + at(d.to(), zone) + ".", "From " + at(d.from(), zone) + " to "
                        + at(d.to(), zone) + "."));

        // 1. the last 24 hours by schedule
        b.subheading(l.t("Ejecuciones de las últimas 24 horas", "Runs in the last 24 hours") + " (" + d.runs().size() + ")");
        if (d.runs().isEmpty()) {
            b.para(l.t("Ninguna ejecución.", "No run."));
        } else {
            Map<String, List<DigestRun>> bySchedule = new LinkedHashMap<>();
            d.runs().stream().sorted(java.util.Comparator.comparing(DigestRun::scheduleId))
                    .forEach(r -> bySchedule.computeIfAbsent(r.scheduleId(), k -> new ArrayList<>()).add(r));
            List<List<String>> rows = new ArrayList<>();
            List<String> colors = new ArrayList<>();
            for (Map.Entry<String, List<DigestRun>> e : bySchedule.entrySet()) {
                Map<Run.Result, Integer> counts = new java.util.EnumMap<>(Run.Result.class);
                int open = 0;
                for (DigestRun r : e.getValue()) {
                    if (r.run().result() == null) {
                        open++;
                    } else {
                        counts.merge(r.run().result(), 1, Integer::sum);
                    }
                }
                List<String> parts = new ArrayList<>();
                counts.forEach((result, n) -> parts.add(n + " " + resultWords(result, l)));
                if (open > 0) {
                    parts.add(open + " " + l.t("en curso", "in progress"));
                }
                boolean allGood = counts.keySet().stream().allMatch(r -> r == Run.Result.SUCCESS || r == Run.Result.WARNING);
                rows.add(List.of(e.getValue().get(0).title() + " (" + e.getKey() + ")", String.valueOf(e.getValue().size()),
                        String.join(", ", parts)));
                colors.add(allGood ? MailBody.SUCCESS_COLOR : MailBody.FAILED_COLOR);
            }
            b.table(List.of(l.t("Programación", "Schedule"), l.t("Ejecuciones", "Runs"), l.t("Resultados", "Results")), rows, 2, colors);
        }

        // 2. failures, skips and missed fires
        b.subheading(l.t("Fallos, omisiones y disparos perdidos", "Failures, skips and missed fires") + " (" + bad.size() + ")");
        if (bad.isEmpty()) {
            b.para(l.t("Ninguno.", "None."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            List<String> colors = new ArrayList<>();
            for (DigestRun r : bad.stream().limit(MAX_LISTED).toList()) {
                rows.add(List.of(r.run().id(), r.title() + " (" + r.scheduleId() + ")", at(r.run().scheduledFireTime(), zone),
                        resultWords(r.run().result(), l), String.join("\n", reasons(r.run(), l))));
                colors.add(MailBody.FAILED_COLOR);
            }
            b.table(List.of(l.t("Ejecución", "Run"), l.t("Programación", "Schedule"), l.t("Disparo programado", "Scheduled fire time"),
                    l.t("Resultado", "Result"), l.t("Motivos", "Reasons")), rows, 3, colors);
            more(b, l, bad.size());
        }

        // 3. RPO breaches
        b.subheading(l.t("Sin respaldo reciente (RPO)", "No recent backup (RPO)") + " (" + d.breaches().size() + ")");
        if (d.breaches().isEmpty()) {
            b.para(l.t("Todas las programaciones vigiladas tienen un respaldo reciente.", "Every watched schedule has a recent backup."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (DigestBreach x : d.breaches().stream().limit(MAX_LISTED).toList()) {
                rows.add(List.of(x.title() + " (" + x.scheduleId() + ")", at(x.since(), zone), x.lastGood() == null
                        ? l.t("ninguno", "none") : at(x.lastGood(), zone), duration(x.rpo())));
            }
            b.table(List.of(l.t("Programación", "Schedule"), l.t("Desde", "Since"), l.t("Último respaldo bueno", "Last good backup"),
                    "RPO"), rows, -1, null);
            more(b, l, d.breaches().size());
        }

        // 4. the next 24 hours
        b.subheading(l.t("Disparos de las próximas 24 horas", "Fires in the next 24 hours") + " (" + d.next().size() + ")");
        if (d.next().isEmpty()) {
            b.para(l.t("Ninguno.", "None."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (DigestFire f : d.next().stream().limit(MAX_LISTED).toList()) {
                rows.add(List.of(MINUTE.format(f.at().withZoneSameInstant(zone)), f.title() + " (" + f.scheduleId() + ")"));
            }
            b.table(List.of(l.t("Hora", "Time") + " (" + zone.getId() + ")", l.t("Programación", "Schedule")), rows, -1, null);
            more(b, l, d.next().size());
        }

        // 5. repositories
        b.subheading(l.t("Espacio libre en los repositorios", "Free space in the repositories") + " (" + d.repositories().size() + ")");
        if (d.repositories().isEmpty()) {
            b.para(l.t("Ningún repositorio.", "No repository."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (DigestRepository r : d.repositories()) {
                if (r.error() != null) {
                    rows.add(List.of(r.server(), "—", l.t("sin dato: ", "no data: ") + r.error(), "", ""));
                    continue;
                }
                String free = gb(r.freeGb()) + " GB" + (r.capacityGb() != null && r.capacityGb() > 0
                        ? " (" + String.format(Locale.ROOT, "%.0f", 100 * r.freeGb() / r.capacityGb()) + " %)" : "");
                String week = r.weekAgoFreeGb() == null ? l.t("sin dato", "no data") : gb(r.weekAgoFreeGb()) + " GB";
                String change = r.weekAgoFreeGb() == null ? l.t("sin dato", "no data") : signedGb(r.freeGb() - r.weekAgoFreeGb());
                rows.add(List.of(r.server(), r.repository(), free, week, change));
            }
            b.table(List.of(l.t("Servidor Veeam", "Veeam server"), l.t("Repositorio", "Repository"), l.t("Libre ahora", "Free now"),
                    l.t("Libre hace 7 días", "Free 7 days ago"), l.t("Cambio en la semana", "Change over the week")), rows, -1, null);
        }

        // 6. mails not delivered
        b.subheading(l.t("Correos no entregados", "Mails not delivered") + " (" + d.undelivered().size() + ")");
        if (d.undelivered().isEmpty()) {
            b.para(l.t("Ninguno.", "None."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (WatchStore.Undelivered u : d.undelivered()) {
                rows.add(List.of(oneLine(u.subject()), u.event() + (u.scheduleId() == null ? "" : " (" + u.scheduleId() + ")"),
                        u.recipients(), at(u.createdAt(), zone), u.error() == null ? "" : u.error()));
            }
            b.table(List.of(l.t("Asunto", "Subject"), l.t("Evento", "Event"), l.t("Destinatarios", "Recipients"),
                    l.t("Escrito", "Written"), l.t("Último error", "Last error")), rows, -1, null);
            b.para(l.t("El servidor de correo no aceptó estos correos tras todos los reintentos (respaldo.mail.retry.give-up-after);"
                            + " cada uno se informa una sola vez.",
                    "The mail server did not accept these mails after every retry (respaldo.mail.retry.give-up-after); each is"
                            + " reported once."));
        }
        b.footer(l.t(FOOTER_ES, FOOTER_EN));
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Mail.EVENT_HEADER, "digest");
        return new Mail("digest", to, subject, b.text(), b.html(), h, List.of());
    }

    // ------------------------------------------------------------------------------ helpers

    private static void runsTable(MailBody b, Lang l, ZoneId zone, List<Run> runs, String heading, String none) {
        if (runs.isEmpty()) {
            b.para(none);
            return;
        }
        b.subheading(heading + " (" + runs.size() + ")");
        List<List<String>> rows = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        for (Run r : runs.stream().limit(MAX_LISTED).toList()) {
            rows.add(List.of(r.id(), at(r.scheduledFireTime(), zone), r.result() == null ? l.t("en curso", "in progress")
                    : resultWords(r.result(), l), String.join("\n", reasons(r, l))));
            colors.add(r.result() == Run.Result.SUCCESS ? MailBody.SUCCESS_COLOR : r.result() == Run.Result.WARNING
                    ? MailBody.WARNING_COLOR : r.result() == null ? MailBody.NEUTRAL_COLOR : MailBody.FAILED_COLOR);
        }
        b.table(List.of(l.t("Ejecución", "Run"), l.t("Disparo programado", "Scheduled fire time"), l.t("Resultado", "Result"),
                l.t("Motivos", "Reasons")), rows, 2, colors);
        more(b, l, runs.size());
    }

    private static void more(MailBody b, Lang l, int total) {
        if (total > MAX_LISTED) {
            b.para(l.t("… y " + (total - MAX_LISTED) + " más (vea GET /api/runs).", "… and " + (total - MAX_LISTED)
                    + " more (see GET /api/runs)."));
        }
    }

    /** A run's reasons, and each job that did not succeed with its result and Veeam's message (jobs only on a full run). */
    static List<String> reasons(Run r, Lang l) {
        List<String> out = new ArrayList<>(r.reasons());
        for (Run.Job j : r.jobs()) {
            if (j.result() != null && j.result() != Run.JobResult.SUCCESS) {
                out.add(j.name() + ": " + jobWords(j.result(), l) + (j.message() == null || j.message().isBlank() ? ""
                        : " — " + oneLine(j.message())));
            }
        }
        return out;
    }

    static String jobWords(Run.JobResult r, Lang l) {
        return org.respaldo.notify.ResultWords.job(r, l.english());
    }

    static String resultWords(Run.Result r, Lang l) {
        return org.respaldo.notify.ResultWords.run(r, l.english());
    }

    private static Map<String, String> headers(String event, String scheduleId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Mail.EVENT_HEADER, event);
        h.put(Mail.SCHEDULE_HEADER, scheduleId);
        return h;
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    static String at(Instant t, ZoneId zone) {
        return t == null ? "—" : DATE_TIME.format(t.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** A duration as people read it: 2 d 4 h, 36 h → 1 d 12 h, 45 min. */
    static String duration(Duration d) {
        if (d == null) {
            return "—";
        }
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long h = s % 86_400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append(" d ");
        }
        if (h > 0) {
            b.append(h).append(" h ");
        }
        if (m > 0) {
            b.append(m).append(" min ");
        }
        if (sec > 0 || b.length() == 0) {
            b.append(sec).append(" s");
        }
        return b.toString().strip();
    }

    static String gb(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String signedGb(double v) {
        return (v > 0 ? "+" : v < 0 ? "−" : "±") + String.format(Locale.ROOT, "%.1f", Math.abs(v)) + " GB";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
