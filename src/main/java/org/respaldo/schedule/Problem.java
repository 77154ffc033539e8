package org.respaldo.schedule;

/**
 * One thing wrong with a schedule file, in Spanish and English. {@code field} is the field
 * path ({@code window.end}, {@code blackouts[2].to}); for a syntax error it is null and
 * {@code line}/{@code column} (1-based) say where.
 */
public record Problem(String field, int line, int column, String es, String en) {

    public static Problem at(String field, String es, String en) {
        return new Problem(field, 0, 0, es, en);
    }

    public static Problem syntax(int line, int column, String es, String en) {
        return new Problem(null, line, column, es, en);
    }

    public static Problem file(String es, String en) {
        return new Problem(null, 0, 0, es, en);
    }

    /** Where the problem is, as a reader would name it. */
    public String where() {
        if (field != null) {
            return field;
        }
        if (line > 0) {
            return "línea/line " + line + ", columna/column " + column;
        }
        return "archivo/file";
    }
}
