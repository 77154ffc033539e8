package org.respaldo.veeam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Matches job names and {@code *} patterns (at the start and/or end only) against a job list. */
public final class JobMatcher {

    private JobMatcher() {
    }

    static JobResolution resolve(Collection<String> namesOrPatterns, List<VeeamJob> all) {
        Map<String, List<VeeamJob>> matched = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (String p : namesOrPatterns) {
            List<VeeamJob> hits = all.stream().filter(j -> matches(p, j.name())).toList();
            if (hits.isEmpty()) {
                unmatched.add(p);
            } else {
                matched.put(p, hits);
            }
        }
        return new JobResolution(matched, unmatched, all.stream().map(VeeamJob::name).sorted().toList());
    }

    /** Whether a job name matches an exact name or a {@code *} pattern (at the start or end), ignoring case. */
    public static boolean matches(String pattern, String name) {
        String p = pattern.trim();
        boolean lead = p.startsWith("*");
        boolean trail = p.endsWith("*") && p.length() > (lead ? 1 : 0);
        String core = p.substring(lead ? 1 : 0, p.length() - (trail ? 1 : 0));
        if (core.contains("*")) {
            throw new IllegalArgumentException("job pattern '" + pattern + "' has a '*' in the middle; "
                    + "Veeam allows '*' only at the start or the end of a name filter");
        }
        String n = name.toLowerCase(Locale.ROOT);
        String c = core.toLowerCase(Locale.ROOT);
        if (lead && trail) {
            return n.contains(c);
        }
        if (lead) {
            return n.endsWith(c);
        }
        if (trail) {
            return n.startsWith(c);
        }
        return n.equals(c);
    }
}
