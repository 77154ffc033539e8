package org.respaldo.demo;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeUtility;

import org.apache.camel.Exchange;

/**
 * The demo's mail page ({@code /demo/mail}): the messages the embedded mail server received,
 * newest first, and each one with its plain-text and HTML parts and its attachments. The HTML
 * part is shown in a sandboxed frame, so nothing in a mail can run in the page.
 */
public final class DemoMailPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String CELL = "padding:4px 8px;border:1px solid #ccc;text-align:left;vertical-align:top";

    private final DemoMailServer server;
    private final ZoneId zone;
    private final String imapHint;

    public DemoMailPage(DemoMailServer server, ZoneId zone, String imapHint) {
        this.server = server;
        this.zone = zone;
        this.imapHint = imapHint;
    }

    public String list() {
        List<DemoMailServer.Received> messages = server.messages();
        StringBuilder b = page("Correo de la demostración / demo mail");
        b.append("<p>").append(messages.size()).append(" mensaje(s) / message(s). ").append(esc(imapHint))
                .append(" <a href=\"/demo/mail\">Actualizar / refresh</a></p>\n");
        b.append("<table style=\"border-collapse:collapse\">\n<tr>");
        for (String h : List.of("Hora / time (" + zone.getId() + ")", "Para / to", "Asunto / subject", "X-Respaldo-Event")) {
            b.append("<th style=\"").append(CELL).append(";background:#f0f0f0\">").append(esc(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (DemoMailServer.Received r : messages) {
            b.append("<tr><td style=\"").append(CELL).append("\">").append(TIME.format(r.time().atZone(zone)))
                    .append("</td><td style=\"").append(CELL).append("\">").append(esc(r.to()))
                    .append("</td><td style=\"").append(CELL).append("\"><a href=\"/demo/mail/").append(r.id()).append("\">")
                    .append(esc(r.subject())).append("</a></td><td style=\"").append(CELL).append("\">").append(esc(r.event()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        return end(b);
    }

    /** One message; an unknown id answers 404. */
    public String show(Exchange exchange) throws MessagingException, IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        var found = id == null ? java.util.Optional.<DemoMailServer.Received>empty() : server.find(id);
        if (found.isEmpty()) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            return end(page("No existe / not found").append("<p>No hay un mensaje ").append(esc(id))
                    .append(" / no message with that id. <a href=\"/demo/mail\">Volver / back</a></p>\n"));
        }
        DemoMailServer.Received r = found.get();
        Parts parts = new Parts();
        parts.collect(r.message());
        StringBuilder b = page(r.subject());
        b.append("<p><a href=\"/demo/mail\">← Todos / all</a></p>\n<table style=\"border-collapse:collapse\">\n");
        row(b, "Hora / time", TIME.format(r.time().atZone(zone)) + " (" + zone.getId() + ")");
        row(b, "De / from", String.join(", ", headers(r, "From")));
        row(b, "Para / to", r.to());
        row(b, "Asunto / subject", r.subject());
        for (String h : List.of("X-Respaldo-Event", "X-Respaldo-Schedule", "X-Respaldo-Run", "Message-ID")) {
            row(b, h, String.join(", ", headers(r, h)));
        }
        row(b, "Adjuntos / attachments", parts.attachments.isEmpty() ? "—" : String.join(", ", parts.attachments));
        b.append("</table>\n");
        b.append("<h2 style=\"font-size:16px\">Texto / plain text</h2>\n<pre style=\"white-space:pre-wrap;background:#f7f7f7;padding:8px\">")
                .append(esc(parts.text == null ? "(sin parte de texto / no plain-text part)" : parts.text)).append("</pre>\n");
        b.append("<h2 style=\"font-size:16px\">HTML</h2>\n");
        if (parts.html == null) {
            b.append("<p>(sin parte HTML / no HTML part)</p>\n");
        } else {
            b.append("<iframe sandbox=\"\" style=\"width:100%;height:700px;border:1px solid #ccc\" srcdoc=\"")
                    .append(esc(parts.html)).append("\"></iframe>\n");
        }
        return end(b);
    }

    private static List<String> headers(DemoMailServer.Received r, String name) throws MessagingException {
        String[] values = r.message().getHeader(name);
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                try {
                    result.add(MimeUtility.decodeText(MimeUtility.unfold(v)));
                } catch (java.io.UnsupportedEncodingException e) {
                    result.add(v);
                }
            }
        }
        return result;
    }

    /** The text and HTML parts and the attachment names of a MIME message. */
    static final class Parts {
        String text;
        String html;
        final List<String> attachments = new ArrayList<>();

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                attachments.add(part.getFileName() + " (" + part.getContentType().split(";")[0].trim() + ", " + size(part) + " bytes)");
            } else if (part.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) part.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart p = mp.getBodyPart(i);
                    collect(p);
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            }
        }

        private static int size(Part part) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.readAllBytes().length;
            }
        }
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><th style=\"").append(CELL).append(";background:#f0f0f0\">").append(esc(label)).append("</th><td style=\"")
                .append(CELL).append("\">").append(esc(value)).append("</td></tr>\n");
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"es\">\n<head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" — Respaldo</title></head>\n")
                .append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n<h1 style=\"font-size:20px\">")
                .append(esc(title)).append("</h1>\n");
    }

    private static String end(StringBuilder b) {
        return b.append("</body>\n</html>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

}
