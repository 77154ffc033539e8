package org.respaldo.console;

/**
 * What every page's frame needs: its title, which menu entry is current, who is logged in (and what they may see), the
 * language, and the CSRF token for its forms. {@code t(es, en)} picks the page's language.
 */
public record Page(String title, String current, String user, String role, boolean en, String csrf, boolean mayAudit) {

    public String t(String es, String english) {
        return en ? english : es;
    }

    /** The link to the same place in the page's language. */
    public String lang() {
        return en ? "?lang=en" : "";
    }

    /** A query parameter's join for a link that already has one. */
    public String langAnd() {
        return en ? "&lang=en" : "";
    }
}
