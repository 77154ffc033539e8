package org.respaldo.schedule;

import java.time.Instant;
import java.util.List;

import org.respaldo.text.Printable;

/**
 * The text of {@code <file>.reason.txt}: every problem of a rejected file, in Spanish and English.
 * The file name is written with its control characters escaped ({@link Printable}).
 */
public final class RejectionReport {

    private RejectionReport() {
    }

    public static String text(String rawName, Instant receivedAt, List<Problem> problems) {
        String fileName = Printable.escape(rawName);
        StringBuilder b = new StringBuilder();
        b.append("Respaldo rechazó la programación «").append(fileName).append("».\n");
        b.append("Respaldo rejected the schedule file \"").append(fileName).append("\".\n\n");
        b.append("Recibido / Received: ").append(receivedAt).append('\n');
        b.append("Problemas / Problems: ").append(problems.size()).append("\n\n");
        int i = 1;
        for (Problem p : problems) {
            b.append(i++).append(". ").append(p.where()).append('\n');
            b.append("   ES: ").append(p.es()).append('\n');
            b.append("   EN: ").append(p.en()).append("\n\n");
        }
        b.append("Corrija el archivo y déjelo de nuevo en la bandeja de entrada (inbox). La versión activa de esta programación, si existe, sigue vigente.\n");
        b.append("Fix the file and drop it into the inbox again. The active version of this schedule, if any, stays in force.\n");
        return b.toString();
    }

    public static String failure(String rawName, Instant receivedAt, String rawError) {
        String fileName = Printable.escape(rawName);
        String error = Printable.escape(rawError);
        return "Respaldo no pudo procesar «" + fileName + "» por un error interno; el archivo NO fue registrado.\n"
                + "Respaldo could not process \"" + fileName + "\" because of an internal error; the file was NOT registered.\n\n"
                + "Recibido / Received: " + receivedAt + "\n"
                + "Error: " + error + "\n\n"
                + "Cuando el problema esté resuelto, mueva el archivo de nuevo a la bandeja de entrada (inbox).\n"
                + "Once the problem is solved, move the file back into the inbox.\n";
    }
}
