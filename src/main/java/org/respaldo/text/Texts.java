package org.respaldo.text;

/** A text in the schedule's language (es by default, en available). */
public final class Texts {

    private Texts() {
    }

    public static String t(String language, String es, String en) {
        return "en".equals(language) ? en : es;
    }
}
