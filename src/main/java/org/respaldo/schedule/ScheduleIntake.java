package org.respaldo.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Step 1 of the procedure: a schedule file dropped into the inbox is read, validated and
 * either registered or rejected. Decides where the original bytes go (headers read by the
 * file consumer's {@code move}) and, for a rejection, the reason text (the body).
 */
public final class ScheduleIntake {

    public static final String OUTCOME = "RespaldoIntakeOutcome";
    public static final String ARCHIVE = "RespaldoArchive";
    public static final String REASON_FILE = "RespaldoReasonFile";
    public static final String SCHEDULE_ID = "RespaldoSchedule";
    public static final String SCHEDULE_VERSION = "RespaldoScheduleVersion";
    public static final String PROBLEM_COUNT = "RespaldoProblemCount";
    /** Exchange properties for the intake mails: the accepted {@link ActiveSchedule}, a rejection's problems and readable owner. */
    public static final String ACTIVE = "RespaldoActiveSchedule";
    public static final String PROBLEMS = "RespaldoProblems";
    public static final String OWNER = "RespaldoOwner";
    /** Exchange property: warnings to tell the owner on acceptance (a {@code List<String>}; absent = none). */
    public static final String WARNINGS = "RespaldoIntakeWarnings";

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ScheduleFile file;
    private final ScheduleValidator validator;
    private final ScheduleRegistry registry;
    private final Clock clock;
    private final long maxBytes;
    private final java.util.function.Supplier<VeeamInventoryCheck> veeamCheck;
    private final ScheduleOverlaps overlaps;

    /**
     * @param veeamCheck checks job names and the repository against Veeam (supplied lazily: the
     *                   Veeam servers are configured after the intake; null result = no check)
     */
    public ScheduleIntake(ScheduleFile file, ScheduleValidator validator, ScheduleRegistry registry, Clock clock,
            long maxBytes, java.util.function.Supplier<VeeamInventoryCheck> veeamCheck, ScheduleOverlaps overlaps) {
        this.file = file;
        this.validator = validator;
        this.registry = registry;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.veeamCheck = veeamCheck;
        this.overlaps = overlaps;
    }

    /** Marks the file as failed first, so that an unexpected error still keeps it with a reason. */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String name = fileName(in);
        String archived = ".failed/" + STAMP.format(clock.instant()) + "-" + name;
        in.setHeader(ARCHIVE, archived);
        in.setHeader(REASON_FILE, archived + ".reason.txt");
    }

    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String name = fileName(in);
        Instant now = clock.instant();
        String stamp = STAMP.format(now);
        Long length = in.getHeader(Exchange.FILE_LENGTH, Long.class);
        List<Problem> problems;
        Schedule schedule = null;
        String owner = null;
        byte[] bytes = null;
        if (length != null && length > maxBytes) {
            problems = file.parse(name, new byte[(int) Math.min(length, maxBytes + 1)]).problems();
        } else {
            bytes = in.getBody(byte[].class);
            ScheduleFile.Parsed parsed = file.parse(name, bytes);
            problems = parsed.problems();
            if (parsed.ok()) {
                ScheduleValidator.Result result = validator.validate(parsed.tree());
                problems = result.problems();
                schedule = result.schedule();
                owner = readableOwner(parsed, problems);
            }
        }
        List<String> warnings = new java.util.ArrayList<>();
        if (problems.isEmpty()) {
            VeeamInventoryCheck check = veeamCheck.get();
            if (check != null) {
                VeeamInventoryCheck.Findings findings = check.check(schedule);
                problems = findings.problems();
                warnings.addAll(findings.warnings());
            }
        }
        if (problems.isEmpty()) {
            warnings.addAll(overlaps.warnings(schedule, registry.all()));
        }
        if (!problems.isEmpty()) {
            String archived = ".rejected/" + stamp + "-" + name;
            in.setHeader(OUTCOME, "rejected");
            in.setHeader(ARCHIVE, archived);
            in.setHeader(REASON_FILE, archived + ".reason.txt");
            in.setHeader(PROBLEM_COUNT, problems.size());
            exchange.setProperty(PROBLEMS, problems);
            exchange.setProperty(OWNER, owner);
            in.setBody(RejectionReport.text(name, now, problems).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String archived = ".accepted/" + schedule.id() + "/" + stamp + "-" + name;
        ScheduleRegistry.Acceptance acceptance = registry.accept(schedule, sha256(bytes), name, archived);
        in.setHeader(OUTCOME, acceptance.outcome() == ScheduleRegistry.Outcome.ACCEPTED ? "accepted" : "unchanged");
        in.setHeader(ARCHIVE, archived);
        in.setHeader(SCHEDULE_ID, schedule.id());
        in.setHeader(SCHEDULE_VERSION, acceptance.active().version());
        exchange.setProperty(WARNINGS, List.copyOf(warnings));
        exchange.setProperty(ACTIVE, acceptance.active());
    }

    /** The file's owner when the validator found nothing wrong with it (so a rejection can be mailed there). */
    static String readableOwner(ScheduleFile.Parsed parsed, List<Problem> problems) {
        var node = parsed.tree() == null ? null : parsed.tree().get("owner");
        if (node == null || !node.isTextual() || problems.stream().anyMatch(p -> "owner".equals(p.field()))) {
            return null;
        }
        return node.asText().trim();
    }

    /** The reason text for a file that could not be processed because of an internal error. */
    public byte[] failure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return RejectionReport.failure(fileName(exchange.getIn()), clock.instant(), error).getBytes(StandardCharsets.UTF_8);
    }

    static String fileName(Message in) {
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return name == null ? in.getHeader(Exchange.FILE_NAME, "schedule", String.class) : name;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
