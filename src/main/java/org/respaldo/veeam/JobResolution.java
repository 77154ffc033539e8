package org.respaldo.veeam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jobs found for a list of names and {@code *} patterns.
 *
 * @param matched   each name or pattern that matched, with its jobs, in the order asked
 * @param unmatched the names and patterns that matched nothing
 * @param known     the names of every job on the server (for "names that exist" messages)
 */
public record JobResolution(Map<String, List<VeeamJob>> matched, List<String> unmatched, List<String> known) {

    public JobResolution {
        matched = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matched));
        unmatched = List.copyOf(unmatched);
        known = List.copyOf(known);
    }

    /** Every matched job once, in the order first matched. */
    public List<VeeamJob> jobs() {
        Set<String> seen = new LinkedHashSet<>();
        List<VeeamJob> out = new ArrayList<>();
        matched.values().forEach(list -> list.forEach(j -> {
            if (seen.add(j.id())) {
                out.add(j);
            }
        }));
        return out;
    }

    public boolean complete() {
        return unmatched.isEmpty();
    }
}
