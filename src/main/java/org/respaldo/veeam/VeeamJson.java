package org.respaldo.veeam;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Turns Veeam's JSON into the client's records, leniently: unknown fields are ignored, enums are read
 * whatever their casing, {@code jobId} or {@code activityId}, dates with or without offset (without:
 * taken in {@code fallbackZone}), absent or null values become null/empty.
 */
final class VeeamJson {

    private final ObjectMapper mapper = org.respaldo.json.Json.MAPPER;
    private final ZoneId fallbackZone;

    VeeamJson(ZoneId fallbackZone) {
        this.fallbackZone = fallbackZone;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new VeeamException("the Veeam server sent a body that is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    VeeamJob job(JsonNode n) {
        String repo = text(n.path("storage"), "backupRepositoryId");
        if (repo.isEmpty()) {
            repo = text(n, "repositoryId");
        }
        return new VeeamJob(text(n, "id"), text(n, "name"), text(n, "type"), n.path("isDisabled").asBoolean(false),
                text(n, "description"), repo.isEmpty() ? null : repo);
    }

    JobState jobState(JsonNode n) {
        JsonNode progress = n.get("progressPercent");
        return new JobState(text(n, "id"), text(n, "name"), text(n, "type"), JobStatus.parse(text(n, "status")),
                SessionResult.parse(text(n, "lastResult")), date(n, "lastRun"), date(n, "nextRun"),
                nullIfEmpty(text(n, "repositoryId")), nullIfEmpty(text(n, "repositoryName")),
                nullIfEmpty(text(n, "sessionId")), progress == null || progress.isNull() ? null : progress.asInt());
    }

    Session session(JsonNode n) {
        String jobId = text(n, "jobId");
        if (jobId.isEmpty()) {
            jobId = text(n, "activityId");
        }
        JsonNode r = n.path("result");
        SessionResult result;
        String message;
        boolean canceled;
        if (r.isObject()) {
            result = r.hasNonNull("result") ? SessionResult.parse(r.get("result").asText()) : SessionResult.NONE;
            message = text(r, "message");
            canceled = r.path("isCanceled").asBoolean(false);
        } else {
            result = r.isTextual() ? SessionResult.parse(r.asText()) : SessionResult.NONE;
            message = "";
            canceled = false;
        }
        String typeName = text(n, "sessionType");
        return new Session(text(n, "id"), text(n, "name"), nullIfEmpty(jobId), SessionType.parse(typeName), typeName,
                SessionState.parse(text(n, "state")), n.path("progressPercent").asInt(0), result, message, canceled,
                date(n, "creationTime"), date(n, "endTime"), n.path("usn").asLong(0));
    }

    SessionLogRecord logRecord(JsonNode n) {
        return new SessionLogRecord(n.path("id").asLong(0), LogStatus.parse(text(n, "status")), date(n, "startTime"),
                date(n, "updateTime"), text(n, "title"), text(n, "description"));
    }

    RepositoryState repositoryState(JsonNode n) {
        return new RepositoryState(text(n, "id"), text(n, "name"), text(n, "type"), text(n, "description"),
                text(n, "hostName"), text(n, "path"), n.path("capacityGB").asDouble(0), n.path("freeGB").asDouble(0),
                n.path("usedSpaceGB").asDouble(0), n.path("isOnline").asBoolean(false));
    }

    Backup backup(JsonNode n) {
        return new Backup(text(n, "id"), nullIfEmpty(text(n, "jobId")), text(n, "name"), text(n, "repositoryId"),
                text(n, "repositoryName"), date(n, "creationTime"), nullIfEmpty(text(n, "platformName")),
                nullIfEmpty(text(n, "jobType")));
    }

    TaskSession taskSession(JsonNode n) {
        JsonNode r = n.path("result");
        JsonNode p = n.path("progress");
        String bottleneck = text(p, "bottleneck");
        JsonNode percent = p.get("progressPercent");
        JsonNode transferred = p.has("transferredSize") ? p.get("transferredSize") : p.get("transferedSize");
        return new TaskSession(text(n, "id"), nullIfEmpty(text(n, "sessionId")), text(n, "name"),
                SessionState.parse(text(n, "state")),
                r.hasNonNull("result") ? SessionResult.parse(r.get("result").asText()) : SessionResult.NONE,
                text(r, "message"), nullIfEmpty(text(n, "algorithm")), nullIfEmpty(text(n, "restorePointId")),
                nullIfEmpty(text(n, "repositoryId")), date(n, "creationTime"), date(n, "endTime"),
                size(p.get("processedSize")), size(p.get("readSize")), size(transferred), rate(text(p, "processingRate")),
                bottleneck.isEmpty() || bottleneck.equalsIgnoreCase("NotDefined") ? null : bottleneck,
                percent == null || percent.isNull() ? null : percent.asInt());
    }

    private static Long size(JsonNode n) {
        return n == null || n.isNull() || !n.isNumber() ? null : n.asLong();
    }

    private static final java.util.regex.Pattern RATE = java.util.regex.Pattern.compile(
            "([0-9]+(?:[.,][0-9]+)?)\\s*([KMGTP]?)i?B\\s*/\\s*s(?:ec)?", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Veeam's rate text ({@code 182.4 MB/s}, {@code 950 KB/s}; binary multiples) in bytes per second; null for "N/A". */
    static Double rate(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1).replace(',', '.'));
        int power = "KMGTP".indexOf(m.group(2).toUpperCase(java.util.Locale.ROOT)) + 1;
        return value * Math.pow(1024, power);
    }

    RestorePoint restorePoint(JsonNode n) {
        return new RestorePoint(text(n, "id"), text(n, "name"), text(n, "backupId"), date(n, "creationTime"),
                text(n, "type"), nullIfEmpty(text(n, "sessionId")));
    }

    ServerInfo serverInfo(JsonNode n) {
        return new ServerInfo(text(n, "vbrId"), text(n, "name"), text(n, "buildVersion"), text(n, "platform"),
                text(n, "databaseVendor"));
    }

    ServerTime serverTime(JsonNode n) {
        return new ServerTime(date(n, "serverTime"), text(n, "timeZone"));
    }

    ServerCertificate serverCertificate(JsonNode n) {
        JsonNode size = n.get("keySize");
        return new ServerCertificate(text(n, "thumbprint"), text(n, "serialNumber"), text(n, "subject"),
                text(n, "issuedBy"), date(n, "validFrom"), date(n, "validBy"), text(n, "keyAlgorithm"),
                size == null || size.isNull() ? null : size.asInt());
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    OffsetDateTime date(JsonNode n, String field) {
        return parseDate(text(n, field), fallbackZone);
    }

    /** ISO-8601 with or without offset ({@code Z}, {@code +02:00}); without, in {@code zone}. Null when unreadable. */
    static OffsetDateTime parseDate(String s, ZoneId zone) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s.trim(), OffsetDateTime::from,
                    LocalDateTime::from);
            if (t instanceof OffsetDateTime o) {
                return o;
            }
            return ((LocalDateTime) t).atZone(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
