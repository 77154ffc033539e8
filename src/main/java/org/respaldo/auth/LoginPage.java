package org.respaldo.auth;

/**
 * The login page ({@code /login}): server-rendered, every value escaped, readable without JavaScript, Spanish by
 * default ({@code ?lang=en} for English).
 */
final class LoginPage {

    private LoginPage() {
    }

    static String html(String s) {
        return org.respaldo.text.Html.escape(s);
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

}
