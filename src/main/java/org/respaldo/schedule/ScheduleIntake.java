package org.respaldo.schedule;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFile;
import org.respaldo.text.Printable;

/**
 * Step 1 of the procedure: a schedule file dropped into the inbox is read, validated and
 * either registered or rejected. Decides where the original bytes go (header
 * {@code RespaldoArchive}, read by {@link InboxProcessStrategy}) and, for a rejection, the
 * reason text (the body). A file that changed while it was read, and an invalid one read for
 * the first time, are left for a later look (outcome {@code later}): the bytes registered or
 * rejected are the bytes validated, and a copy that paused is not rejected half-way.
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

    /** Header: the file name with control characters escaped ({@link Printable}), for log lines. */
    public static final String PRINTABLE_NAME = "RespaldoPrintableName";
    /** Header: the archive path with control characters escaped, for log lines. */
    public static final String PRINTABLE_ARCHIVE = "RespaldoPrintableArchive";
    /** Header: the error of a failed file, escaped, for log lines. */
    public static final String PRINTABLE_ERROR = "RespaldoPrintableError";
    /** Header with outcome {@code later}: why the file is left for a later look ({@code changed} or {@code confirm}). */
    public static final String LATER_WHY = "RespaldoLater";
    /** Exchange property with outcome {@code later}: the SHA-256 of an invalid read, confirmed by the next read of the same state. */
    public static final String SUSPECT_SHA = "RespaldoInboxSuspectSha";

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ScheduleFile file;
    private final ScheduleValidator validator;
    private final ScheduleRegistry registry;
    private final Clock clock;
    private final long maxBytes;
    private final java.util.function.Supplier<VeeamInventoryCheck> veeamCheck;
    private final ScheduleOverlaps overlaps;
    private final Inbox inbox;
    private final Duration minAge;
    private final Duration maxSettle;

    /**
     * @param veeamCheck checks job names and the repository against Veeam (supplied lazily: the
     *                   Veeam servers are configured after the intake; null result = no check)
     * @param minAge     how long a file left for a later look waits (respaldo.intake.min-age-ms)
     * @param maxSettle  how long a file may keep changing (respaldo.intake.max-settle), for the reason
     */
    public ScheduleIntake(ScheduleFile file, ScheduleValidator validator, ScheduleRegistry registry, Clock clock,
            long maxBytes, java.util.function.Supplier<VeeamInventoryCheck> veeamCheck, ScheduleOverlaps overlaps,
            Inbox inbox, Duration minAge, Duration maxSettle) {
        this.file = file;
        this.validator = validator;
        this.registry = registry;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.veeamCheck = veeamCheck;
        this.overlaps = overlaps;
        this.inbox = inbox;
        this.minAge = minAge;
        this.maxSettle = maxSettle;
    }

    /** Marks the file as failed first, so that an unexpected error still keeps it with a reason. */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String name = fileName(in);
        in.setHeader(PRINTABLE_NAME, Printable.escape(name));
        archiveTo(in, Inbox.archive(".failed", clock.instant(), name));
    }

    private static void archiveTo(Message in, String archived) {
        in.setHeader(ARCHIVE, archived);
        in.setHeader(REASON_FILE, archived + Inbox.REASON_SUFFIX);
        in.setHeader(PRINTABLE_ARCHIVE, Printable.escape(archived));
    }

    /** {@link #read} then {@link #decide}, on the caller's thread. */
    public void process(Exchange exchange) throws IOException {
        read(exchange);
        decide(exchange);
    }

    /** What {@link #read} found, handed to {@link #decide} (exchange property {@link #READING}). */
    record Reading(Path path, InboxEntry look, byte[] bytes, String sha, List<Problem> problems, Schedule schedule,
            String owner, String claimed) {
    }

    static final String READING = "RespaldoIntakeReading";

    /**
     * First half, on the inbox consumer's thread and so in file order: looks at the entry, reads
     * it (or finds why not), parses and validates it, and claims its schedule id until
     * {@link #decide} has registered it, so that two versions of one schedule are registered in
     * the order of their files even when the second half runs on several threads. A file whose
     * schedule id is still claimed by an earlier file is left for a later look.
     */
    public void read(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String name = fileName(in);
        Path path = entryPath(exchange);
        InboxEntry look = exchange.getProperty(InboxReadLock.LOOK, InboxEntry.class);
        if (look == null) {
            look = InboxEntry.look(path); // not through the inbox's read lock: look now
        }
        Duration unsettled = exchange.getProperty(InboxReadLock.UNSETTLED, Duration.class);
        List<Problem> problems;
        Schedule schedule = null;
        String owner = null;
        byte[] bytes = null;
        // the SHA-256 of what was read (or of the read error): a rejection that rests on it is
        // confirmed by a second read of the same state before the file is moved
        String sha = null;
        if (look.kind() != InboxEntry.Kind.FILE) {
            problems = List.of(ScheduleFile.notAFile(look, path));
        } else if (unsettled != null) {
            problems = List.of(ScheduleFile.keepsChanging(unsettled, maxSettle));
        } else {
            java.util.Optional<Problem> unread = file.refusedUnread(name, look.size());
            if (unread.isPresent()) {
                problems = List.of(unread.get());
            } else {
                Read r = Read.of(path, look, maxBytes);
                if (r.changed()) {
                    later(exchange, "changed", null);
                    return;
                }
                if (r.error() != null) {
                    problems = List.of(ScheduleFile.unreadable(r.error()));
                    sha = sha256(("unreadable " + r.error()).getBytes(StandardCharsets.UTF_8));
                } else {
                    bytes = r.bytes();
                    sha = sha256(bytes);
                    ScheduleFile.Parsed parsed = file.parse(name, bytes);
                    problems = parsed.problems();
                    if (parsed.ok()) {
                        ScheduleValidator.Result result = validator.validate(parsed.tree());
                        problems = result.problems();
                        schedule = result.schedule();
                        owner = readableOwner(parsed, problems);
                    }
                }
            }
        }
        String claimed = null;
        if (schedule != null) {
            String holder = exchange.getExchangeId();
            if (claims.putIfAbsent(schedule.id(), holder) != null) {
                later(exchange, "busy", null); // an earlier file of this schedule is being registered
                return;
            }
            claimed = schedule.id();
            String id = claimed;
            // released by decide(); and whatever happens to the exchange, when it is done
            exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    claims.remove(id, holder);
                }
            });
        }
        exchange.setProperty(READING, new Reading(path, look, bytes, sha, problems, schedule, owner, claimed));
    }

    /** What {@link #validate} found: the schedule's id when it could be read, every problem and every warning. */
    public record Validation(String scheduleId, List<Problem> problems, List<String> warnings) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * The checks of the inbox on bytes that are not (yet) a file in it, registering nothing: the size and name, the
     * syntax, the validator, Veeam's inventory and the overlaps with the schedules in force (the console's
     * "validar", and its upload before the file is written into the inbox).
     */
    public Validation validate(String name, byte[] bytes) {
        java.util.Optional<Problem> refused = file.refusedUnread(name, bytes.length);
        if (refused.isPresent()) {
            return new Validation(null, List.of(refused.get()), List.of());
        }
        ScheduleFile.Parsed parsed = file.parse(name, bytes);
        if (!parsed.ok()) {
            return new Validation(null, parsed.problems(), List.of());
        }
        ScheduleValidator.Result result = validator.validate(parsed.tree());
        if (!result.problems().isEmpty()) {
            return new Validation(null, result.problems(), List.of());
        }
        Schedule schedule = result.schedule();
        List<String> warnings = new java.util.ArrayList<>();
        VeeamInventoryCheck check = veeamCheck.get();
        if (check != null) {
            VeeamInventoryCheck.Findings findings = check.check(schedule);
            if (!findings.problems().isEmpty()) {
                return new Validation(schedule.id(), findings.problems(), findings.warnings());
            }
            warnings.addAll(findings.warnings());
        }
        warnings.addAll(overlaps.warnings(schedule, registry.active()));
        return new Validation(schedule.id(), List.of(), List.copyOf(warnings));
    }

    /** The schedule the validator reads from these bytes (every default applied), or null when it has problems. */
    public Schedule parsed(String name, byte[] bytes) {
        if (file.refusedUnread(name, bytes.length).isPresent()) {
            return null;
        }
        ScheduleFile.Parsed parsed = file.parse(name, bytes);
        return parsed.ok() ? validator.validate(parsed.tree()).schedule() : null;
    }

    /** The overlaps of a schedule with the enabled schedules in force (what {@link #validate} warns of). */
    public List<String> overlapWarnings(Schedule schedule) {
        return overlaps.warnings(schedule, registry.active());
    }

    /** A Veeam server's jobs and repositories as the intake's inventory check sees them; empty without Veeam servers. */
    public java.util.Optional<VeeamInventoryCheck.Listing> inventory(String server) {
        VeeamInventoryCheck check = veeamCheck.get();
        return check == null ? java.util.Optional.empty() : java.util.Optional.of(check.listing(server));
    }

    /** The validator's rules: the configured Veeam servers (the first is the default) and the default time zone. */
    public ScheduleValidator.Rules rules() {
        return validator.rules();
    }

    /** Schedule ids read but not yet registered, and the exchange that claimed each (in file order, by {@link #read}). */
    private final Map<String, String> claims = new ConcurrentHashMap<>();

    /**
     * Second half (possibly on another thread): asks Veeam, looks for overlaps, and registers or
     * rejects what {@link #read} found, once the entry and its bytes are checked to be still the
     * ones read. Does nothing for a file {@link #read} left for later.
     */
    public void decide(Exchange exchange) {
        Reading r = exchange.getProperty(READING, Reading.class);
        if (r == null) {
            return;
        }
        try {
            decide(exchange, r);
        } finally {
            if (r.claimed() != null) {
                claims.remove(r.claimed(), exchange.getExchangeId());
            }
        }
    }

    private void decide(Exchange exchange, Reading r) {
        Message in = exchange.getIn();
        String name = fileName(in);
        Instant now = clock.instant();
        List<Problem> problems = r.problems();
        Schedule schedule = r.schedule();
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
            warnings.addAll(overlaps.warnings(schedule, registry.active()));
        }
        String sha = r.sha();
        if (!problems.isEmpty() && sha != null && !sha.equals(exchange.getProperty(InboxReadLock.SUSPECT, String.class))) {
            // a copy that paused is not rejected half-way: the same bytes must be read again later
            later(exchange, "confirm", sha);
            return;
        }
        // what is acted on is what was validated: the entry and its bytes (SHA-256) are still the ones read
        if (!stillTheSame(r.path(), r.look(), sha == null ? null : r.bytes(), sha)) {
            later(exchange, "changed", null);
            return;
        }
        if (!problems.isEmpty()) {
            in.setHeader(OUTCOME, "rejected");
            archiveTo(in, Inbox.archive(".rejected", now, name));
            in.setHeader(PROBLEM_COUNT, problems.size());
            exchange.setProperty(PROBLEMS, problems);
            exchange.setProperty(OWNER, r.owner());
            in.setBody(RejectionReport.text(name, now, problems).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String archived = Inbox.archive(".accepted/" + schedule.id(), now, name);
        ScheduleRegistry.Acceptance acceptance = registry.accept(schedule, sha, name, archived, List.copyOf(warnings));
        in.setHeader(OUTCOME, acceptance.outcome() == ScheduleRegistry.Outcome.ACCEPTED ? "accepted" : "unchanged");
        archiveTo(in, archived);
        in.setHeader(SCHEDULE_ID, schedule.id());
        in.setHeader(SCHEDULE_VERSION, acceptance.active().version());
        exchange.setProperty(WARNINGS, List.copyOf(warnings));
        exchange.setProperty(ACTIVE, acceptance.active());
    }

    /** Leaves the entry in the inbox: it is looked at again after respaldo.intake.min-age-ms. */
    private void later(Exchange exchange, String why, String suspectSha) {
        exchange.getIn().setHeader(OUTCOME, "later");
        exchange.getIn().setHeader(LATER_WHY, why);
        exchange.setProperty(InboxProcessStrategy.LATER, minAge);
        exchange.setProperty(SUSPECT_SHA, suspectSha);
    }

    /** What reading a settled file gave: its bytes, or that it changed meanwhile, or why it could not be read. */
    record Read(byte[] bytes, boolean changed, IOException error) {

        /** Reads at most {@code maxBytes + 1} bytes without following a link, and looks again afterwards. */
        static Read of(Path path, InboxEntry look, long maxBytes) {
            byte[] bytes;
            try (java.io.InputStream s = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                // the size seen, and one byte more to see a file that grew; never more than the limit + 1
                int expected = (int) Math.min(look.size(), maxBytes) + 1;
                byte[] buffer = new byte[expected];
                int n = s.readNBytes(buffer, 0, expected);
                bytes = n == expected ? buffer : java.util.Arrays.copyOf(buffer, n);
            } catch (NoSuchFileException gone) {
                return new Read(null, true, null);
            } catch (IOException e) {
                return sameAs(path, look) ? new Read(null, false, e) : new Read(null, true, null);
            }
            if (bytes.length != look.size() || !sameAs(path, look)) {
                return new Read(null, true, null);
            }
            return new Read(bytes, false, null);
        }
    }

    private static boolean sameAs(Path path, InboxEntry look) {
        try {
            return InboxEntry.look(path).same(look);
        } catch (IOException e) {
            return false;
        }
    }

    /** The entry is still the one looked at, and (for bytes read) its bytes still have the same SHA-256. */
    boolean stillTheSame(Path path, InboxEntry look, byte[] bytes, String sha) {
        if (!sameAs(path, look)) {
            return false;
        }
        if (bytes == null) {
            return true;
        }
        Read again = Read.of(path, look, maxBytes);
        return again.bytes() != null && sha256(again.bytes()).equals(sha);
    }

    /** Writes the body (the reason text) to {@code inbox/${header.RespaldoReasonFile}}, exactly at that name. */
    public void writeReason(Exchange exchange) throws IOException {
        inbox.writeReason(exchange.getIn().getHeader(REASON_FILE, String.class), exchange.getIn().getBody(byte[].class));
    }

    private static Path entryPath(Exchange exchange) {
        GenericFile<?> gf = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        if (gf != null && gf.getFile() instanceof File f) {
            return f.toPath();
        }
        return Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
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
        exchange.getIn().setHeader(PRINTABLE_ERROR, Printable.escape(error));
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
