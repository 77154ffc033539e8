package org.respaldo.console;

import java.util.List;

/** The editor's data (Nueva programación / editar): the form's fields as typed, and what a preview found. */
public final class EditorViews {

    private EditorViews() {
    }

    /**
     * Every field of the schedule file as the form holds it (text as typed; lists one item a line). {@code owner} is
     * the logged-in user's address when Respaldo can tell it ({@code ownerFixed}), else typed.
     */
    public record Form(String id, String title, String owner, boolean ownerFixed, boolean enabled, String cron, String timezone,
            String validFrom, String validUntil, String windowStart, String windowEnd, String maxDuration, String blackouts,
            String server, boolean all, String jobs, boolean activeFull, String repository, String path, String minFreeGb,
            String director, String technicians, String language, String attempts, String delay, String overlap, String misfire,
            String rpo, boolean editing) {
    }

    /** A wildcard of {@code veeam.jobs} and the jobs of the server it names now. */
    public record Expansion(String pattern, List<String> jobs) {
    }

    /**
     * The server's inventory: its enabled jobs (and which are picked) and its repositories; {@code problem} when it could
     * not be asked; {@code others}: the names and wildcards of the form that are not one of its jobs, one a line.
     */
    public record Inventory(String server, List<String> servers, List<Pick> jobs, List<String> repositories, String problem,
            String others) {
    }

    public record Pick(String name, boolean picked) {
    }

    public record Problem(String where, String es, String en) {
    }

    /** What "previsualizar" found. {@code duration}: the window against the expected duration, in words. */
    public record Preview(boolean valid, List<Problem> problems, List<String> warnings, List<String> next, String zone,
            List<String> overlaps, List<Expansion> expansions, String duration, boolean durationFits, String yaml) {
    }

    public record Editor(Form form, Inventory inventory, Preview preview, boolean mayWrite, String flash, List<String> zones) {
    }
}
