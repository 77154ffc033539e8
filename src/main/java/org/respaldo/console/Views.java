package org.respaldo.console;

import java.util.List;

/** The pages' data, already in words and in the schedule's time zone (the templates only place and escape it). */
public final class Views {

    private Views() {
    }

    /** A run in a list. {@code mark}: the CSS class of its result (exito, advertencia, fallo, omitida, perdida, curso). */
    public record RunRow(String id, String scheduleId, String title, String trigger, String status, String result, String mark,
            String fired, String ended) {
    }

    public record Count(String label, String mark, int day, int week) {
    }

    public record NextFire(String scheduleId, String title, String at) {
    }

    public record Repo(String name, String free, int percent, boolean online) {
    }

    public record Server(String alias, boolean up, String apiVersion, String checked, String problem, List<Repo> repositories) {
    }

    /**
     * A run in progress on the Panel: how many of its jobs have finished, and when it is expected to end (the median of
     * the schedule's last successful runs; null without history); {@code late} once that time has passed.
     */
    public record LiveRun(RunRow run, int jobsDone, int jobs, String expectedEnd, boolean late) {
    }

    public record Panel(List<Count> counts, List<LiveRun> inProgress, List<NextFire> next, List<String> rpoBreaches,
            int mailsPending, int mailsFailed, List<RunRow> awaitingSignOff, List<Server> servers) {
    }

    public record Runs(List<RunRow> rows, String schedule, String result, String trigger, String from, String to, int offset,
            int limit, boolean more, String query) {
    }

    public record Stage(String name, String outcome, String started, String ended, String detail) {
    }

    public record Job(String name, String sessionId, String result, String mark, String started, String ended, String duration,
            String message, List<String> log) {
    }

    public record MailRow(String subject, String to, String status, String sent, String error) {
    }

    public record RunPage(RunRow run, String zone, List<String> reasons, List<Stage> stages, List<Job> jobs, List<MailRow> mails,
            String requestedBy, String requestReason, String signOff, boolean concluded, boolean mayRerun, boolean maySignOff,
            boolean hasFailedJobs, String reportJson, String flash, Timeline.View timeline) {
    }

    public record ScheduleRow(String id, String title, boolean enabled, String recurrence, String next, List<String> lastMarks,
            String successRate, int version) {
    }

    public record Field(String name, String value) {
    }

    public record Version(int version, String accepted, String owner, String file, String sha256) {
    }

    public record SchedulePage(String id, String title, boolean enabled, int version, String recurrence, String zone,
            List<Field> fields, List<String> next, List<RunRow> runs, List<Version> history) {
    }

    public record InboxProblem(String where, String es, String en) {
    }

    public record InboxResult(String file, boolean valid, boolean written, List<InboxProblem> problems, List<String> warnings) {
    }

    /** {@code link}: the file's real name, URL-encoded as a path segment (its download). */
    public record Rejected(String name, String reason, String link) {
    }

    public record Inbox(InboxResult result, boolean mayUpload, String name, String content, List<Rejected> rejected) {
    }

    public record AuditRow(String at, String user, String role, String address, String action, String object, String outcome,
            String detail) {
    }

    public record Audit(List<AuditRow> rows, String from, String to, String user, String query) {
    }
}
