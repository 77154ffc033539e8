package org.respaldo.notify;

import java.util.List;

/**
 * Builds the plain-text and the HTML body of a mail side by side, so that both say the same.
 * Every value is HTML-escaped on the way in: text from schedules and from Veeam can never
 * become markup.
 */
public final class MailBody {

    public static final String SUCCESS_COLOR = "#1e7e34";
    public static final String WARNING_COLOR = "#b26a00";
    public static final String FAILED_COLOR = "#c62828";
    public static final String NEUTRAL_COLOR = "#555555";

    private static final String CELL = "padding:4px 8px;border:1px solid #ccc;text-align:left;vertical-align:top";
    private static final String HEAD = CELL + ";background:#f0f0f0";

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    public MailBody(String lang, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"").append(escape(lang)).append("\">\n<head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head>\n")
                .append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n");
    }

    /** A coloured banner stating the result in words. */
    public MailBody banner(String words, String color) {
        text.append(words).append("\n\n");
        html.append("<p style=\"display:inline-block;padding:6px 12px;color:#fff;font-weight:bold;background:")
                .append(color).append("\">").append(escape(words)).append("</p>\n");
        return this;
    }

    public MailBody heading(String heading) {
        text.append(heading).append('\n').append("=".repeat(Math.min(heading.length(), 72))).append("\n\n");
        html.append("<h2 style=\"font-size:18px\">").append(escape(heading)).append("</h2>\n");
        return this;
    }

    public MailBody subheading(String heading) {
        text.append(heading).append('\n').append("-".repeat(Math.min(heading.length(), 72))).append('\n');
        html.append("<h3 style=\"font-size:15px;margin-bottom:4px\">").append(escape(heading)).append("</h3>\n");
        return this;
    }

    public MailBody para(String paragraph) {
        text.append(paragraph).append("\n\n");
        html.append("<p>").append(escape(paragraph)).append("</p>\n");
        return this;
    }

    /** Label/value pairs: "Label: value" lines, a two-column table in HTML. */
    public MailBody fields(List<String[]> rows) {
        html.append("<table style=\"border-collapse:collapse\">\n");
        for (String[] row : rows) {
            text.append(row[0]).append(": ").append(row[1].replace("\n", "\n    ")).append('\n');
            html.append("<tr><th style=\"").append(HEAD).append("\">").append(escape(row[0])).append("</th><td style=\"")
                    .append(CELL).append("\">").append(escapeLines(row[1])).append("</td></tr>\n");
        }
        html.append("</table>\n");
        text.append('\n');
        return this;
    }

    public MailBody list(String heading, List<String> items) {
        text.append(heading).append(":\n");
        html.append("<p><b>").append(escape(heading)).append("</b></p>\n<ul>\n");
        for (String item : items) {
            text.append("  - ").append(item).append('\n');
            html.append("<li>").append(escape(item)).append("</li>\n");
        }
        text.append('\n');
        html.append("</ul>\n");
        return this;
    }

    /**
     * A table: in HTML a real table (the cell of {@code colorColumn} coloured by {@code colors}),
     * in plain text one block per row ("first cell: other cells as label: value").
     */
    public MailBody table(List<String> columns, List<List<String>> rows, int colorColumn, List<String> colors) {
        html.append("<table style=\"border-collapse:collapse\">\n<tr>");
        for (String c : columns) {
            html.append("<th style=\"").append(HEAD).append("\">").append(escape(c)).append("</th>");
        }
        html.append("</tr>\n");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append("<td style=\"").append(CELL);
                if (i == colorColumn && colors != null) {
                    html.append(";color:").append(colors.get(r)).append(";font-weight:bold");
                }
                html.append("\">").append(escapeLines(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
            text.append("* ").append(row.get(0)).append('\n');
            for (int i = 1; i < row.size(); i++) {
                if (!row.get(i).isEmpty()) {
                    text.append("    ").append(columns.get(i)).append(": ").append(row.get(i).replace("\n", "\n      ")).append('\n');
                }
            }
        }
        html.append("</table>\n");
        text.append('\n');
        return this;
    }

    public MailBody footer(String note) {
        text.append("-- \n").append(note).append('\n');
        html.append("<hr><p style=\"font-size:12px;color:#666\">").append(escape(note)).append("</p>\n");
        return this;
    }

    public String text() {
        return text.toString();
    }

    public String html() {
        return html + "</body>\n</html>\n";
    }

    public static String escape(String s) {
        return org.respaldo.text.Html.escape(s);
    }

    private static String escapeLines(String s) {
        return escape(s).replace("\n", "<br>");
    }
}
