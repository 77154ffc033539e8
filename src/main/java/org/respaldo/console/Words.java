package org.respaldo.console;

import java.util.Locale;

import org.respaldo.run.Run;

/**
 * What the console says for a run's status, a stage's name and outcome, a job's result and a mail's
 * delivery: the manual's words in Spanish, English with {@code ?lang=en} (stored values such as
 * {@code concluded} or {@code availability} are not shown as they are).
 */
final class Words {

    private Words() {
    }

    /** A run's result as the console says it (the run: "omitida", "perdida"); null while it is not known. */
    static String result(Run.Result r, boolean en) {
        if (r == null) {
            return en ? "in progress" : "en curso";
        }
        return switch (r) {
            case SUCCESS -> en ? "success" : "éxito";
            case WARNING -> en ? "warning" : "advertencia";
            case FAILED -> en ? "failure" : "fallo";
            case SKIPPED -> en ? "skipped" : "omitida";
            case MISSED -> en ? "missed" : "perdida";
        };
    }

    /** The CSS class of a run's result (exito, advertencia, fallo, omitida, perdida; curso while not known). */
    static String mark(Run.Result r) {
        if (r == null) {
            return "curso";
        }
        return switch (r) {
            case SUCCESS -> "exito";
            case WARNING -> "advertencia";
            case FAILED -> "fallo";
            case SKIPPED -> "omitida";
            case MISSED -> "perdida";
        };
    }

    /** The CSS class of a job's result: a job that did not succeed or warn failed; curso while not known. */
    static String jobMark(Run.JobResult r) {
        if (r == null) {
            return "curso";
        }
        return switch (r) {
            case SUCCESS -> "exito";
            case WARNING -> "advertencia";
            default -> "fallo";
        };
    }

    static String status(Run.Status s, boolean en) {
        return switch (s) {
            case QUEUED -> en ? "queued" : "en cola";
            case RUNNING -> en ? "running" : "en curso";
            case NOTIFYING -> en ? "notifying the Director" : "notificando al Director";
            case CONCLUDED -> en ? "concluded" : "concluida";
        };
    }

    /** A stage of the procedure (its step in the manual). */
    static String stage(String name, boolean en) {
        return switch (name == null ? "" : name) {
            case "availability" -> en ? "availability (step 2)" : "disponibilidad de tiempo (paso 2)";
            case "instructions" -> en ? "instructions to the technicians (step 3)" : "instrucciones al técnico (paso 3)";
            case "storage" -> en ? "storage path (step 5)" : "ruta de almacenamiento (paso 5)";
            case "backup" -> en ? "backup (step 6)" : "backup (paso 6)";
            case "conclusion" -> en ? "conclusion (step 7)" : "conclusión (paso 7)";
            case "director-mail" -> en ? "mail to the Director" : "correo al Director";
            case "recovery" -> en ? "recovery after a restart" : "recuperación tras un reinicio";
            default -> name;
        };
    }

    static String outcome(String outcome, boolean en) {
        if (outcome == null) {
            return "";
        }
        return switch (outcome.toUpperCase(Locale.ROOT)) {
            case "OK" -> "OK";
            case "NOTIFIED" -> en ? "notified" : "notificado";
            case "SUCCESS" -> en ? "success" : "éxito";
            case "WARNING" -> en ? "warning" : "advertencia";
            case "FAILED" -> en ? "failed" : "fallo";
            case "SKIPPED" -> en ? "skipped" : "omitida";
            case "MISSED" -> en ? "missed" : "perdida";
            case "WAITING" -> en ? "waiting" : "en espera";
            case "RUNNING" -> en ? "running" : "en curso";
            case "TIMED_OUT" -> en ? "timed out" : "tiempo agotado";
            default -> outcome.toLowerCase(Locale.ROOT);
        };
    }

    static String job(Run.JobResult r, boolean en) {
        return switch (r) {
            case SUCCESS -> en ? "success" : "éxito";
            case WARNING -> en ? "warning" : "advertencia";
            case FAILED -> en ? "failed" : "fallo";
            case TIMED_OUT -> en ? "timed out" : "tiempo agotado";
            case NOT_STARTED -> en ? "not started" : "no iniciado";
            case UNKNOWN -> en ? "state unknown" : "estado desconocido";
        };
    }

    static String mail(String status, boolean en) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "pending" -> en ? "pending" : "pendiente";
            case "sent" -> en ? "sent" : "enviado";
            case "failed" -> en ? "not delivered" : "no entregado";
            default -> status;
        };
    }
}
