package org.respaldo.console;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule's cron in plain words ("de lunes a viernes a las 23:00, hora de Guatemala") for the common shapes
 * (a fixed time, every day or on named days); any other expression is shown as it is.
 */
public final class Recurrence {

    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final Map<String, String[]> NAMES = Map.of("MON", new String[] {"lunes", "Monday"}, "TUE",
            new String[] {"martes", "Tuesday"}, "WED", new String[] {"miércoles", "Wednesday"}, "THU", new String[] {"jueves",
                    "Thursday"}, "FRI", new String[] {"viernes", "Friday"}, "SAT", new String[] {"sábado", "Saturday"}, "SUN",
            new String[] {"domingo", "Sunday"});

    private Recurrence() {
    }

    public static String describe(String cron, ZoneId zone, boolean en) {
        String place = zone.getId().contains("/") ? zone.getId().substring(zone.getId().lastIndexOf('/') + 1).replace('_', ' ')
                : zone.getId();
        String[] f = cron.trim().split("\\s+");
        if (f.length < 6 || !f[0].matches("\\d{1,2}") || !f[1].matches("\\d{1,2}") || !f[2].matches("\\d{1,2}")
                || !(f[3].equals("?") || f[3].equals("*")) || !f[4].equals("*") || (f.length == 7 && !f[6].equals("*"))) {
            return (en ? "cron " : "cron ") + cron + " (" + (en ? "time of " : "hora de ") + place + ")";
        }
        String at = String.format("%02d:%02d", Integer.parseInt(f[2]), Integer.parseInt(f[1]));
        String days = days(f[5].toUpperCase(Locale.ROOT), en);
        if (days == null) {
            return "cron " + cron + " (" + (en ? "time of " : "hora de ") + place + ")";
        }
        return en ? days + " at " + at + ", " + place + " time" : days + " a las " + at + ", hora de " + place;
    }

    private static String days(String field, boolean en) {
        if (field.equals("*") || field.equals("?")) {
            return en ? "every day" : "todos los días";
        }
        if (field.matches("[A-Z]{3}-[A-Z]{3}") && DAYS.contains(field.substring(0, 3)) && DAYS.contains(field.substring(4))) {
            String[] a = NAMES.get(field.substring(0, 3));
            String[] b = NAMES.get(field.substring(4));
            return en ? "from " + a[1] + " to " + b[1] : "de " + a[0] + " a " + b[0];
        }
        if (field.matches("[A-Z]{3}(,[A-Z]{3})*")) {
            StringBuilder s = new StringBuilder();
            String[] parts = field.split(",");
            for (int i = 0; i < parts.length; i++) {
                String[] n = NAMES.get(parts[i]);
                if (n == null) {
                    return null;
                }
                if (i > 0) {
                    s.append(i == parts.length - 1 ? (en ? " and " : " y ") : ", ");
                }
                s.append(en ? n[1] : n[0]);
            }
            return (en ? "on " : "los ") + s;
        }
        return null;
    }
}
