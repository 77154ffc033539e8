package org.respaldo.console;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.respaldo.auth.Permission;
import org.respaldo.auth.Role;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * What every console page shares: the precompiled templates (one engine for all pages), the
 * logged-in user's role as the gate handed it over, the page's frame, and how a page is sent
 * (HTML, never cached, no framing).
 */
final class Frame {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private Frame() {
    }

    static Role role(Message m) {
        return Role.parse(m.getHeader("Respaldo-Role", String.class)).orElse(Role.AUDITOR);
    }

    static boolean english(Message m) {
        return "en".equalsIgnoreCase(m.getHeader("lang", String.class));
    }

    static Page page(Message m, String title, String current) {
        Role role = role(m);
        return new Page(title, current, m.getHeader("Respaldo-User", "?", String.class), role.id(), english(m),
                m.getHeader(ConsolePages.CSRF_HEADER, "", String.class), role.may(Permission.READ_AUDIT));
    }

    static String render(Exchange ex, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        TEMPLATES.render(template, params, out);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        ex.getMessage().setHeader("Cache-Control", "no-store");
        ex.getMessage().setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        return out.toString();
    }
}
