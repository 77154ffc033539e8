package org.respaldo.text;

/**
 * Text that came from outside (a file name, a value read from a schedule file) made safe for
 * one log line, a reason file or a mail: every control character is written as a visible
 * escape ({@code \n}, {@code \r}, {@code \t}, otherwise {@code \u001B}), so such text can
 * neither break a line nor forge one, nor reorder what follows it (the Unicode line and
 * paragraph separators and bidirectional controls are escaped too). Everything else is kept
 * as it is: spaces, accents, ñ, quotes, backslashes, emoji.
 *
 * <p>A leaf: it depends on nothing of Respaldo's.
 */
public final class Printable {

    private Printable() {
    }

    /** The text with every control character escaped; {@code ""} for null. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        if (isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!escaped(c)) {
                b.appendCodePoint(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format("\\u%04X", c));
            }
        });
        return b.toString();
    }

    /** Whether the text holds no character that {@link #escape} would change. */
    public static boolean isClean(String text) {
        return text == null || text.codePoints().noneMatch(Printable::escaped);
    }

    private static boolean escaped(int c) {
        if (Character.getType(c) == Character.CONTROL) {
            return true; // C0, DEL and C1 (U+0000–U+001F, U+007F–U+009F)
        }
        return switch (c) {
            // line and paragraph separators: some viewers break the line there
            case 0x2028, 0x2029,
                 // bidirectional marks, embeddings, overrides and isolates: they reorder what follows
                 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069 -> true;
            default -> Character.getType(c) == Character.SURROGATE; // half of a pair: not text
        };
    }
}
