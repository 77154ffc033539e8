package org.respaldo.veeam;

import java.util.Locale;
import java.util.Map;

/**
 * Parses Veeam enum values whatever the revision's spelling ({@code running}, {@code Running},
 * {@code WAITING_SLOT}, {@code WaitingSlot}); an unknown value becomes the given fallback.
 */
public final class VeeamEnums {

    private VeeamEnums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String raw, E unknown) {
        return parse(type, raw, unknown, Map.of());
    }

    /** @param aliases extra spellings (normalised: lower case, letters and digits only) */
    public static <E extends Enum<E>> E parse(Class<E> type, String raw, E unknown, Map<String, E> aliases) {
        if (raw == null) {
            return unknown;
        }
        String key = normalize(raw);
        if (key.isEmpty()) {
            return unknown;
        }
        E alias = aliases.get(key);
        if (alias != null) {
            return alias;
        }
        for (E e : type.getEnumConstants()) {
            if (normalize(e.name()).equals(key)) {
                return e;
            }
        }
        return unknown;
    }

    static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
