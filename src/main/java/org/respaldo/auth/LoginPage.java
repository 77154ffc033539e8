package org.respaldo.auth;

/**
 * The login page ({@code /login}) and the console's home ({@code /}) until the console's pages arrive: server-rendered,
 * every value escaped, readable without JavaScript, Spanish by default ({@code ?lang=en} for English).
 */
final class LoginPage {

    private LoginPage() {
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String t(boolean en, String es, String english) {
        return en ? english : es;
    }

    private static String page(boolean en, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + (en ? "en" : "es") + "\">\n<head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + html(title) + " — Respaldo</title>"
                + "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#111;background:#fff}"
                + "label{display:block;margin-top:1em;font-weight:bold}input{font-size:1.1em;padding:.3em;width:100%;box-sizing:border-box}"
                + "button{margin-top:1.5em;font-size:1.1em;padding:.4em 1.2em;background:#0b4f8a;color:#fff;border:0}"
                + ".error{color:#8a0b0b;font-weight:bold}</style></head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    /** The login form; {@code error} (already in the page's language) shown above it when not null. */
    static String login(boolean en, String error, String next) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Respaldo — ").append(t(en, "Iniciar sesión", "Log in")).append("</h1>\n");
        b.append("<p>ME-DS-TI-MNP-12 · ").append(t(en, "Backup de información almacenada en servidores",
                "Backup of information stored on servers")).append("</p>\n");
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\" id=\"error\">").append(html(error)).append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"/login").append(en ? "?lang=en" : "").append("\">\n");
        b.append("<label for=\"user\">").append(t(en, "Usuario", "User")).append("</label>")
                .append("<input id=\"user\" name=\"user\" autocomplete=\"username\" required autofocus>\n");
        b.append("<label for=\"password\">").append(t(en, "Contraseña", "Password")).append("</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n");
        b.append("<input type=\"hidden\" name=\"next\" value=\"").append(html(next)).append("\">\n");
        b.append("<button type=\"submit\" id=\"login\">").append(t(en, "Entrar", "Log in")).append("</button>\n</form>\n");
        b.append("<p><a href=\"/login").append(en ? "\">Español" : "?lang=en\">English").append("</a></p>\n");
        return page(en, t(en, "Iniciar sesión", "Log in"), b.toString());
    }

    /** The console's home: who is logged in, with which role, what they may do, and the logout button. */
    static String home(boolean en, User user, String csrf) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Respaldo — ").append(t(en, "Consola", "Console")).append("</h1>\n");
        b.append("<p id=\"who\">").append(t(en, "Sesión de ", "Logged in as ")).append("<strong>").append(html(user.name()))
                .append("</strong> (").append(t(en, "rol", "role")).append(" <span id=\"role\">").append(html(user.role().id()))
                .append("</span>)</p>\n");
        b.append("<h2>").append(t(en, "Puede", "May")).append("</h2>\n<ul id=\"may\">\n");
        for (Permission p : Permission.values()) {
            if (user.role().may(p) && p != Permission.ADMIN) {
                b.append("<li>").append(html(label(en, p))).append("</li>\n");
            }
        }
        b.append("</ul>\n<h2>API</h2>\n<ul>\n");
        for (String path : new String[] {"/api/schedules", "/api/runs", "/api/mails"}) {
            b.append("<li><a href=\"").append(path).append("\">").append(path).append("</a></li>\n");
        }
        if (user.role().may(Permission.READ_AUDIT)) {
            b.append("<li><a href=\"/api/audit\">/api/audit</a> · <a href=\"/api/audit/csv\">CSV</a></li>\n");
        }
        b.append("</ul>\n<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"_csrf\" value=\"")
                .append(html(csrf)).append("\"><button type=\"submit\" id=\"logout\">")
                .append(t(en, "Cerrar sesión", "Log out")).append("</button></form>\n");
        return page(en, t(en, "Consola", "Console"), b.toString());
    }

    static String label(boolean en, Permission p) {
        return switch (p) {
            case READ -> t(en, "ver programaciones, ejecuciones y correos", "see schedules, runs and mails");
            case READ_AUDIT -> t(en, "ver y exportar la auditoría", "see and export the audit trail");
            case UPLOAD -> t(en, "subir y validar programaciones", "upload and validate schedules");
            case RUN_NOW -> t(en, "ejecutar ahora", "run now");
            case RERUN -> t(en, "reintentar los trabajos fallidos", "rerun failed jobs");
            case SIGNOFF -> t(en, "dar la conformidad", "sign off runs");
            case ENABLE_DISABLE -> t(en, "habilitar y deshabilitar programaciones", "enable and disable schedules");
            case ADMIN -> "admin";
        };
    }
}
