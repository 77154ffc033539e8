package org.respaldo.notify;

import org.respaldo.outbox.Mail;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.respaldo.run.Run;
import org.respaldo.schedule.ActiveSchedule;
import org.respaldo.schedule.Problem;
import org.respaldo.schedule.Schedule;

/**
 * Writes every mail Respaldo sends, in the schedule's language (Spanish by default, English
 * with {@code notify.language: en}) and in the words of ME-DS-TI-MNP-12. Pure Java: it
 * knows nothing of Camel or SMTP. Subjects start with {@code [Respaldo]} and state the result
 * in words; every value that comes from a schedule file or from Veeam is HTML-escaped.
 */
public final class MailComposer {

    static final String PREFIX = "[Respaldo] ";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** Where the console is reached from (respaldo.console.base-url); empty: the conclusion mail has no link. */
    private final String consoleBaseUrl;

    public MailComposer() {
        this("");
    }

    public MailComposer(String consoleBaseUrl) {
        String base = consoleBaseUrl == null ? "" : consoleBaseUrl.trim();
        this.consoleBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The run's page in the console, or null without respaldo.console.base-url. */
    String runPage(Run run) {
        return consoleBaseUrl.isEmpty() ? null : consoleBaseUrl + "/ejecuciones/"
                + java.net.URLEncoder.encode(run.id(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Mail to the schedule's owner: the schedule was registered (new id or new version). */
    public Mail accepted(ActiveSchedule active, List<String> warnings, ZonedDateTime nextFire) {
        Schedule s = active.schedule();
        Lang l = Lang.of(s);
        ZoneId zone = s.timezone();
        String subject = PREFIX + l.t("Programación ACEPTADA: ", "Schedule ACCEPTED: ") + oneLine(s.title()) + " (" + s.id()
                + ") v" + active.version();
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("ACEPTADA", "ACCEPTED"), MailBody.SUCCESS_COLOR)
                .heading(l.t("Programación aceptada", "Schedule accepted"))
                .para(l.t("Respaldo registró la programación «" + s.title() + "» (" + s.id() + ", versión " + active.version()
                                + ") del archivo «" + org.respaldo.text.Printable.escape(active.sourceFile()) + "», recibido el " + at(active.acceptedAt(), zone)
                                + ". Se ejecutará automáticamente según el procedimiento ME-DS-TI-MNP-12 "
                                + "(Backup de información almacenada en servidores).",
                        "Respaldo registered the schedule \"" + s.title() + "\" (" + s.id() + ", version " + active.version()
                                + ") from the file \"" + org.respaldo.text.Printable.escape(active.sourceFile()) + "\", received " + at(active.acceptedAt(), zone)
                                + ". It will run automatically following procedure ME-DS-TI-MNP-12 "
                                + "(Backup of information stored on servers)."));
        if (!s.enabled()) {
            b.para(l.t("La programación está desactivada (enabled: false): no se ejecutará; su historial se conserva.",
                    "The schedule is disabled (enabled: false): it will not run; its history is kept."));
        }
        if (warnings != null && !warnings.isEmpty()) {
            b.list(l.t("Advertencias", "Warnings"), warnings);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Próxima ejecución", "Next run"), nextFire == null
                ? l.t("ninguna programada", "none scheduled")
                : at(nextFire.toInstant(), zone)));
        rows.add(row("Cron", s.cron()));
        rows.addAll(scheduleRows(s, l));
        rows.add(row(l.t("Director de Tecnologías de la Información", "Director of Information Technology"),
                s.notification().director()));
        rows.add(row(l.t("Técnicos", "Technicians"), s.notification().technicians().isEmpty()
                ? l.t("ninguno (no se envían instrucciones al inicio)", "none (no instructions are sent at the start)")
                : String.join(", ", s.notification().technicians())));
        b.fields(rows);
        b.footer(l.t("Para cambiarla, deje en la bandeja de entrada un archivo con el mismo id: será la versión "
                        + (active.version() + 1) + ". Para suspenderla, use enabled: false.",
                "To change it, drop a file with the same id into the inbox: it becomes version " + (active.version() + 1)
                        + ". To suspend it, use enabled: false."));
        return new Mail("accepted", List.of(s.owner()), subject, b.text(), b.html(), headers("accepted", s.id(), null), List.of());
    }

    /**
     * Mail about a rejected schedule file, in Spanish and English (its language may be unknown):
     * to the owner when the file names a valid one, otherwise to {@code fallbackAddress}.
     * Returns null when there is neither (nobody can be told; the reason file stays in the inbox).
     */
    public Mail rejected(String fileName, String ownerOrNull, List<Problem> problems, String fallbackAddress) {
        String to = ownerOrNull != null && !ownerOrNull.isBlank() ? ownerOrNull
                : fallbackAddress != null && !fallbackAddress.isBlank() ? fallbackAddress : null;
        if (to == null) {
            return null;
        }
        String name = org.respaldo.text.Printable.escape(fileName);
        String subject = PREFIX + "Programación RECHAZADA / Schedule REJECTED: " + name;
        MailBody b = new MailBody("es", subject)
                .banner("RECHAZADA / REJECTED", MailBody.FAILED_COLOR)
                .heading("Programación rechazada / Schedule rejected")
                .para("Respaldo rechazó la programación del archivo «" + name + "»: tiene " + problems.size()
                        + " problema(s). La versión vigente de esta programación, si existe, no cambia.")
                .para("Respaldo rejected the schedule file \"" + name + "\": it has " + problems.size()
                        + " problem(s). The active version of this schedule, if any, stays in force.");
        if (to.equals(fallbackAddress) && (ownerOrNull == null || ownerOrNull.isBlank())) {
            b.para("No se pudo leer un propietario (owner) válido en el archivo; este aviso va a la dirección configurada "
                    + "(respaldo.mail.fallback-address). / The file has no readable owner; this notice goes to the "
                    + "configured fallback address (respaldo.mail.fallback-address).");
        }
        List<List<String>> rows = new ArrayList<>();
        int i = 1;
        for (Problem p : problems) {
            rows.add(List.of(String.valueOf(i++), p.where(), nullToEmpty(p.es()), nullToEmpty(p.en())));
        }
        b.subheading("Problemas / Problems")
                .table(List.of("#", "Dónde / Where", "Problema", "Problem"), rows, -1, null)
                .para("Corrija el archivo y déjelo de nuevo en la bandeja de entrada (inbox); el original y su "
                        + ".reason.txt están en inbox/.rejected/.")
                .para("Fix the file and drop it into the inbox again; the original and its .reason.txt are in "
                        + "inbox/.rejected/.")
                .footer("Respaldo — ME-DS-TI-MNP-12, paso 1: el Director de Tecnologías de la Información elabora la "
                        + "programación. / Step 1: the Director of Information Technology drafts the schedule.");
        return new Mail("rejected", List.of(to), subject, b.text(), b.html(), headers("rejected", null, null), List.of());
    }

    /**
     * Step 3 of the manual ("Traslada instrucciones al Técnico"): the technicians are told what
     * this run backs up and where. Returns null when the schedule names no technicians (nothing
     * to send).
     */
    public Mail started(Schedule schedule, Run run) {
        List<String> technicians = schedule.notification().technicians();
        if (technicians.isEmpty()) {
            return null;
        }
        Lang l = Lang.of(schedule);
        ZoneId zone = schedule.timezone();
        String subject = PREFIX + l.t("INICIO: ", "STARTED: ") + oneLine(schedule.title()) + " (" + schedule.id() + ") — "
                + l.t("instrucciones para el técnico", "instructions for the technician");
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Ejecución (run)", "Run"), run.id()));
        rows.add(row(l.t("Programación", "Schedule"), schedule.title() + " (" + schedule.id() + ", "
                + l.t("versión ", "version ") + run.scheduleVersion() + ")"));
        rows.add(row(l.t("Disparo programado", "Scheduled fire time"), at(run.scheduledFireTime(), zone)));
        rows.add(row(l.t("Inicio", "Started"), at(run.startedAt(), zone)));
        rows.addAll(scheduleRows(schedule, l));
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("INICIO", "STARTED"), MailBody.NEUTRAL_COLOR)
                .heading(l.t("Instrucciones para el técnico", "Instructions for the technician"))
                .para(l.t("Paso 3 del procedimiento ME-DS-TI-MNP-12: el Director de Tecnologías de la Información traslada "
                                + "instrucciones al técnico para que proceda con la ejecución del backup. Respaldo inició la "
                                + "ejecución " + run.id() + " de la programación «" + schedule.title() + "».",
                        "Step 3 of procedure ME-DS-TI-MNP-12: the Director of Information Technology passes instructions to "
                                + "the technician to proceed with the backup. Respaldo started run " + run.id()
                                + " of the schedule \"" + schedule.title() + "\"."))
                .fields(rows)
                .para(l.t("Respaldo ingresa a VEEAM BACKUP con sus credenciales (paso 4), verifica la ruta de almacenamiento "
                                + "(paso 5) y respalda todas las bases de datos configuradas (paso 6). Al concluir, el Director "
                                + "y los técnicos reciben el resultado (paso 7).",
                        "Respaldo logs in to VEEAM BACKUP with its credentials (step 4), checks the storage path (step 5) "
                                + "and backs up every configured database (step 6). When it ends, the Director and the "
                                + "technicians receive the result (step 7)."))
                .footer(l.t("No responda a este correo: lo envía Respaldo automáticamente.",
                        "Do not reply to this mail: Respaldo sends it automatically."));
        return new Mail("started", technicians, subject, b.text(), b.html(), headers("started", schedule.id(), run.id()),
                List.of());
    }

    /**
     * Steps 7–8 of the manual: the Director (and the technicians) learn how the run ended. The
     * event is {@code succeeded}, {@code warning}, {@code failed} or {@code skipped} from
     * {@code run.result()}; the JSON report, when given, is attached as {@code <run id>.json}.
     */
    public Mail concluded(Schedule schedule, Run run, ZonedDateTime nextFire, byte[] reportJson) {
        if (run.result() == null) {
            throw new IllegalArgumentException("run " + run.id() + " has no result yet: compose the conclusion mail once the run has ended");
        }
        Lang l = Lang.of(schedule);
        ZoneId zone = schedule.timezone();
        Run.Result result = run.result();
        String words = resultWords(result, l);
        String subject = PREFIX + words + ": " + oneLine(schedule.title()) + " (" + schedule.id() + "), "
                + MINUTE.format(run.scheduledFireTime().atZone(zone));
        long notOk = run.jobs().stream().filter(j -> j.result() != Run.JobResult.SUCCESS).count();
        long warned = run.jobs().stream().filter(j -> j.result() == Run.JobResult.WARNING).count();
        int total = run.jobs().size();
        String summary = switch (result) {
            case SUCCESS -> l.t("El backup concluyó con éxito: todos los trabajos (" + total + ") terminaron correctamente.",
                    "The backup succeeded: all jobs (" + total + ") ended successfully.");
            case WARNING -> l.t("El backup concluyó con advertencias: ningún trabajo falló; " + warned + " de " + total
                    + " terminaron con advertencia.",
                    "The backup ended with warnings: no job failed; " + warned + " of " + total + " ended with a warning.");
            case FAILED -> notOk - warned > 0
                    ? l.t("El backup FALLÓ: " + (notOk - warned) + " de " + total + " trabajos no terminaron correctamente.",
                            "The backup FAILED: " + (notOk - warned) + " of " + total + " jobs did not end successfully.")
                    : l.t("El backup FALLÓ: una etapa falló antes de que los trabajos terminaran (vea los motivos).",
                            "The backup FAILED: a stage failed before the jobs ended (see the reasons).");
            case SKIPPED -> l.t("El backup NO se ejecutó (omitido): no se cumplió la disponibilidad de tiempo del paso 2 "
                    + "(vea los motivos).",
                    "The backup did NOT run (skipped): the availability check of step 2 did not pass (see the reasons).");
            case MISSED -> l.t("El backup NO se ejecutó (perdido): Respaldo no pudo dispararlo a su hora (vea los motivos).",
                    "The backup did NOT run (missed): Respaldo could not fire it on time (see the reasons).");
        };
        MailBody b = new MailBody(l.code(), subject)
                .banner(words, color(result))
                .heading(l.t("Conclusión del backup", "Backup concluded"))
                .para(summary);
        if (!run.reasons().isEmpty()) {
            b.list(l.t("Motivos", "Reasons"), run.reasons());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Programación", "Schedule"), schedule.title() + " (" + schedule.id() + ", "
                + l.t("versión ", "version ") + run.scheduleVersion() + ")"));
        rows.add(row(l.t("Ejecución (run)", "Run"), run.id()));
        if (runPage(run) != null) {
            rows.add(row(l.t("En la consola (conformidad)", "In the console (sign-off)"), runPage(run)));
        }
        rows.add(row(l.t("Disparo programado", "Scheduled fire time"), at(run.scheduledFireTime(), zone)));
        if (run.trigger() != Run.Trigger.SCHEDULE) {
            rows.add(row(l.t("Origen", "Trigger"), triggerWords(run.trigger(), l)));
        }
        rows.add(row(l.t("Inicio", "Started"), at(run.startedAt(), zone)));
        rows.add(row(l.t("Fin", "Ended"), at(run.endedAt(), zone)));
        rows.add(row(l.t("Duración", "Duration"), duration(run.startedAt(), run.endedAt())));
        rows.add(row(l.t("Servidor Veeam", "Veeam server"), nullToEmpty(schedule.veeam().server())));
        rows.add(row(l.t("Repositorio", "Repository"), schedule.storage().repository()));
        rows.add(row(l.t("Ruta de almacenamiento", "Storage path"), schedule.storage().path()));
        b.fields(rows);
        if (!run.jobs().isEmpty()) {
            LocalDate day = run.scheduledFireTime().atZone(zone).toLocalDate();
            List<List<String>> jobRows = new ArrayList<>();
            List<String> colors = new ArrayList<>();
            long objects = 0;
            long points = 0;
            long transferred = 0;
            boolean anyReport = false;
            for (Run.Job j : run.jobs()) {
                Run.Report r = j.report();
                jobRows.add(List.of(j.name(), jobWords(j.result(), l), clock(j.startedAt(), zone, day),
                        clock(j.endedAt(), zone, day), duration(j.startedAt(), j.endedAt()),
                        r == null ? "—" : r.objects().size() + " / " + r.restorePoints(),
                        r == null || r.transferredBytes() == null ? "—" : bytes(r.transferredBytes()), nullToEmpty(j.message())));
                colors.add(color(j.result()));
                if (r != null) {
                    anyReport = true;
                    objects += r.objects().size();
                    points += r.restorePoints();
                    transferred += r.transferredBytes() == null ? 0 : r.transferredBytes();
                }
            }
            b.subheading(l.t("Trabajos", "Jobs") + " (" + l.t("hora de ", "time zone ") + zone.getId() + ")")
                    .table(List.of(l.t("Trabajo", "Job"), l.t("Resultado", "Result"), l.t("Inicio", "Start"),
                            l.t("Fin", "End"), l.t("Duración", "Duration"), l.t("Objetos / puntos", "Objects / points"),
                            l.t("Transferido", "Transferred"), l.t("Mensaje", "Message")), jobRows, 1, colors);
            if (anyReport) {
                b.para(l.t("Totales: " + objects + " objeto(s) protegido(s), " + bytes(transferred) + " transferidos, " + points
                                + " punto(s) de restauración creados.",
                        "Totals: " + objects + " object(s) protected, " + bytes(transferred) + " transferred, " + points
                                + " restore point(s) created."));
            }
        }
        b.fields(List.<String[]>of(row(l.t("Próxima ejecución programada", "Next scheduled run"), nextFire == null
                ? l.t("ninguna (la programación no tiene más disparos)", "none (the schedule has no further fire times)")
                : at(nextFire.toInstant(), zone))));
        String reportName = run.id() + ".json";
        List<Mail.Attachment> attachments = reportJson == null ? List.of()
                : List.of(new Mail.Attachment(reportName, "application/json", reportJson));
        if (reportJson != null) {
            b.para(l.t("El informe completo de la ejecución va adjunto (" + reportName + ").",
                    "The full report of the run is attached (" + reportName + ")."));
        }
        b.footer(l.t("Paso 7 del procedimiento ME-DS-TI-MNP-12: notificación al Director de Tecnologías de la Información "
                        + "sobre la conclusión del backup. Paso 8: con esta confirmación concluye la programación de esta "
                        + "ejecución.",
                "Step 7 of procedure ME-DS-TI-MNP-12: the Director of Information Technology is notified that the backup "
                        + "has ended. Step 8: with this confirmation the schedule's run is concluded."));
        List<String> to = new ArrayList<>();
        to.add(schedule.notification().director());
        schedule.notification().technicians().stream().filter(t -> !to.contains(t)).forEach(to::add);
        String event = event(result);
        return new Mail(event, to, subject, b.text(), b.html(), headers(event, schedule.id(), run.id()), attachments);
    }

    /**
     * A fire that Respaldo could not deliver on time (it was down, or fell behind by more than the
     * misfire threshold) and that did not run: the Director and the technicians are told, with the
     * reason and the next fire ({@code X-Respaldo-Event: missed}).
     */
    public Mail missed(Schedule schedule, Run run, ZonedDateTime nextFire) {
        Lang l = Lang.of(schedule);
        ZoneId zone = schedule.timezone();
        String subject = PREFIX + l.t("PERDIDA: ", "MISSED: ") + oneLine(schedule.title()) + " (" + schedule.id() + "), "
                + MINUTE.format(run.scheduledFireTime().atZone(zone));
        MailBody b = new MailBody(l.code(), subject)
                .banner(l.t("PERDIDA", "MISSED"), MailBody.FAILED_COLOR)
                .heading(l.t("Ejecución perdida", "Missed run"))
                .para(l.t("El backup programado para el " + at(run.scheduledFireTime(), zone) + " NO se ejecutó: Respaldo no pudo "
                                + "dispararlo a su hora. Ningún trabajo de Veeam se inició para este disparo.",
                        "The backup scheduled for " + at(run.scheduledFireTime(), zone) + " did NOT run: Respaldo could not fire "
                                + "it on time. No Veeam job was started for this fire."));
        if (!run.reasons().isEmpty()) {
            b.list(l.t("Motivos", "Reasons"), run.reasons());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row(l.t("Programación", "Schedule"), schedule.title() + " (" + schedule.id() + ", "
                + l.t("versión ", "version ") + run.scheduleVersion() + ")"));
        rows.add(row(l.t("Ejecución (run)", "Run"), run.id()));
        rows.add(row(l.t("Disparo programado", "Scheduled fire time"), at(run.scheduledFireTime(), zone)));
        rows.add(row(l.t("Registrada", "Recorded"), at(run.queuedAt(), zone)));
        rows.add(row(l.t("Política de disparos perdidos", "Misfire policy"), "misfire: "
                + schedule.misfire().name().toLowerCase(java.util.Locale.ROOT)));
        rows.addAll(scheduleRows(schedule, l));
        rows.add(row(l.t("Próxima ejecución programada", "Next scheduled run"), nextFire == null
                ? l.t("ninguna (la programación no tiene más disparos)", "none (the schedule has no further fire times)")
                : at(nextFire.toInstant(), zone)));
        b.fields(rows)
                .para(l.t("Si este respaldo es necesario, verifique en Veeam la última copia de los trabajos de esta programación "
                                + "y, de ser preciso, ejecútelos manualmente.",
                        "If this backup is needed, check in Veeam the last backup of this schedule's jobs and, if necessary, "
                                + "run them by hand."))
                .footer(l.t("Paso 7 del procedimiento ME-DS-TI-MNP-12: notificación al Director de Tecnologías de la Información.",
                        "Step 7 of procedure ME-DS-TI-MNP-12: notice to the Director of Information Technology."));
        List<String> to = new ArrayList<>();
        to.add(schedule.notification().director());
        schedule.notification().technicians().stream().filter(t -> !to.contains(t)).forEach(to::add);
        return new Mail("missed", to, subject, b.text(), b.html(), headers("missed", schedule.id(), run.id()), List.of());
    }

    /** The event name of a concluded run: succeeded, warning, failed, skipped or missed. */
    public static String event(Run.Result result) {
        return switch (result) {
            case SUCCESS -> "succeeded";
            case WARNING -> "warning";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case MISSED -> "missed";
        };
    }

    static String triggerWords(Run.Trigger t, Lang l) {
        return switch (t) {
            case SCHEDULE -> l.t("programada", "scheduled");
            case MISSED -> l.t("tardía, tras un disparo perdido (misfire: run)", "late, after a missed fire (misfire: run)");
            case MANUAL -> l.t("manual", "manual");
            case RERUN -> l.t("reintento de los trabajos fallidos", "rerun of the failed jobs");
        };
    }

    // ---------------------------------------------------------------------------------------

    /** Where and when the schedule runs, as the technician needs it. */
    private static List<String[]> scheduleRows(Schedule s, Lang l) {
        List<String[]> rows = new ArrayList<>();
        Schedule.Window w = s.window();
        rows.add(row(l.t("Ventana de tiempo", "Time window"), HH_MM.format(w.start()) + "–" + HH_MM.format(w.end()) + " ("
                + s.timezone().getId() + (w.crossesMidnight() ? l.t(", cruza la medianoche", ", crosses midnight") : "") + ")"));
        if (s.maxDuration() != null) {
            rows.add(row(l.t("Duración máxima", "Maximum duration"), duration(s.maxDuration())));
        }
        if (s.validFrom() != null || s.validUntil() != null) {
            rows.add(row(l.t("Vigencia", "Valid"), (s.validFrom() == null ? "…" : s.validFrom().toString()) + " – "
                    + (s.validUntil() == null ? "…" : s.validUntil().toString())));
        }
        if (!s.blackouts().isEmpty()) {
            rows.add(row(l.t("Fechas excluidas", "Blackouts"), String.valueOf(s.blackouts().size())));
        }
        rows.add(row(l.t("Servidor Veeam", "Veeam server"), nullToEmpty(s.veeam().server())));
        rows.add(row(l.t("Trabajos de Veeam", "Veeam jobs"), s.veeam().all()
                ? l.t("todos los trabajos de backup del servidor", "every backup job on the server")
                : String.join("\n", s.veeam().jobs())));
        if (s.veeam().activeFull()) {
            rows.add(row(l.t("Backup completo activo", "Active full backup"), l.t("sí", "yes")));
        }
        rows.add(row(l.t("Repositorio", "Repository"), s.storage().repository()));
        rows.add(row(l.t("Ruta de almacenamiento", "Storage path"), s.storage().path()));
        if (s.storage().minFreeGb() > 0) {
            rows.add(row(l.t("Espacio libre mínimo", "Minimum free space"), gb(s.storage().minFreeGb()) + " GB"));
        }
        if (s.retry() != null && s.retry().attempts() > 0) {
            rows.add(row(l.t("Reintentos", "Retries"), s.retry().attempts() + l.t(", cada ", ", every ")
                    + duration(s.retry().delay())));
        }
        return rows;
    }

    private static Map<String, String> headers(String event, String scheduleId, String runId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Mail.EVENT_HEADER, event);
        if (scheduleId != null) {
            h.put(Mail.SCHEDULE_HEADER, scheduleId);
        }
        if (runId != null) {
            h.put(Mail.RUN_HEADER, runId);
        }
        return h;
    }

    static String resultWords(Run.Result r, Lang l) {
        return ResultWords.run(r, l.english());
    }

    static String jobWords(Run.JobResult r, Lang l) {
        return ResultWords.job(r, l.english());
    }

    private static String color(Run.Result r) {
        return switch (r) {
            case SUCCESS -> MailBody.SUCCESS_COLOR;
            case WARNING -> MailBody.WARNING_COLOR;
            case FAILED -> MailBody.FAILED_COLOR;
            case SKIPPED -> MailBody.NEUTRAL_COLOR;
            case MISSED -> MailBody.FAILED_COLOR;
        };
    }

    private static String color(Run.JobResult r) {
        if (r == null) {
            return MailBody.NEUTRAL_COLOR;
        }
        return switch (r) {
            case SUCCESS -> MailBody.SUCCESS_COLOR;
            case WARNING -> MailBody.WARNING_COLOR;
            case FAILED, TIMED_OUT -> MailBody.FAILED_COLOR;
            case NOT_STARTED -> MailBody.NEUTRAL_COLOR;
            case UNKNOWN -> MailBody.WARNING_COLOR;
        };
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String at(Instant t, ZoneId zone) {
        return t == null ? "—" : DATE_TIME.format(t.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** A time of day, with the date when it is not the run's day. */
    private static String clock(Instant t, ZoneId zone, LocalDate day) {
        if (t == null) {
            return "—";
        }
        ZonedDateTime z = t.atZone(zone);
        return z.toLocalDate().equals(day) ? TIME.format(z) : DATE_TIME.format(z);
    }

    private static String duration(Instant from, Instant to) {
        return from == null || to == null ? "—" : duration(Duration.between(from, to));
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        if (h > 0) {
            return "%d h %02d min %02d s".formatted(h, m, sec);
        }
        if (m > 0) {
            return "%d min %02d s".formatted(m, sec);
        }
        return sec + " s";
    }

    /** A size as people read it (1024-based, one decimal): 1.5 GB, 820.0 MB. */
    public static String bytes(long b) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String gb(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Control characters (a line break in a file name) never reach a mail header. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    /** The language of a schedule's mails. */
    record Lang(boolean english) {
        static Lang of(Schedule s) {
            return new Lang("en".equals(s.notification().language()));
        }

        String t(String es, String en) {
            return english ? en : es;
        }

        String code() {
            return english ? "en" : "es";
        }
    }
}
