package org.respaldo.notify;

import org.respaldo.run.Run;

/**
 * The words for a run's and a job's result, as the mails say them (the manual's words in Spanish,
 * English available): one list for every mail that names a result.
 */
public final class ResultWords {

    private ResultWords() {
    }

    /** A run's result in capitals (ÉXITO, ADVERTENCIA, FALLO, OMITIDO, PERDIDA); null: "sin resultado". */
    public static String run(Run.Result r, boolean english) {
        if (r == null) {
            return english ? "no result" : "sin resultado";
        }
        return switch (r) {
            case SUCCESS -> english ? "SUCCESS" : "ÉXITO";
            case WARNING -> english ? "WARNING" : "ADVERTENCIA";
            case FAILED -> english ? "FAILED" : "FALLO";
            case SKIPPED -> english ? "SKIPPED" : "OMITIDO";
            case MISSED -> english ? "MISSED" : "PERDIDA";
        };
    }

    /** A job's result (Éxito, Advertencia, Fallo, Tiempo agotado, No iniciado, Estado desconocido); null: "sin resultado". */
    public static String job(Run.JobResult r, boolean english) {
        if (r == null) {
            return english ? "no result" : "sin resultado";
        }
        return switch (r) {
            case SUCCESS -> english ? "Success" : "Éxito";
            case WARNING -> english ? "Warning" : "Advertencia";
            case FAILED -> english ? "Failed" : "Fallo";
            case TIMED_OUT -> english ? "Timed out" : "Tiempo agotado";
            case NOT_STARTED -> english ? "Not started" : "No iniciado";
            case UNKNOWN -> english ? "State unknown" : "Estado desconocido";
        };
    }
}
