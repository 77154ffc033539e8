package org.respaldo.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads an inventory YAML file (format in {@code sim/demo-inventory.yaml}). Every error names
 * the source, the field path (e.g. {@code jobs[2].behaviour.outcome}) and what is accepted.
 */
public final class InventoryLoader {

    public static final String DEMO_RESOURCE = "/sim/demo-inventory.yaml";

    static final List<String> OUTCOMES = List.of("Success", "Warning", "Failed");
    static final List<String> WAIT_STATES = List.of("WaitingSlot", "WaitingRepository");
    static final List<String> LOG_STATUSES = List.of("Succeeded", "Warning", "Failed", "None");
    static final List<String> JOB_TYPES = JobKind.inventoryTypes();
    static final List<String> BACKUP_MODES = List.of("EntireComputer", "Volumes", "FileLevel");
    static final List<String> REPOSITORY_TYPES = List.of("WinLocal", "LinuxLocal", "Smb", "Nfs", "LinuxHardened");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private InventoryLoader() {
    }

    /** The built-in demo inventory (classpath {@value #DEMO_RESOURCE}). */
    public static Inventory demo() {
        try (InputStream in = InventoryLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The demo inventory " + DEMO_RESOURCE + " is missing from the classpath; rebuild the jar.");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "demo inventory");
        } catch (IOException e) {
            throw new IllegalStateException("The built-in demo inventory is broken: " + e.getMessage(), e);
        }
    }

    public static Inventory load(Path file) throws InventoryException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InventoryException("Cannot read inventory file " + file + ": " + e + ". Check the path given with --inventory.", e);
        }
        return parse(text, file.toString());
    }

    public static Inventory parse(String yaml, String source) throws InventoryException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InventoryException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new InventoryException(source + ": expected a mapping with 'server', 'users', 'repositories' and 'jobs'.");
        }
        return new Reader(source).inventory(root);
    }

    /** Parses a behaviour given as JSON/YAML (used by the admin surface); errors name {@code where}. */
    static Inventory.Behaviour behaviour(JsonNode node, String where, Inventory.Behaviour defaults) throws InventoryException {
        return new Reader("behaviour").behaviour(node, where, defaults);
    }

    static Duration duration(String text) {
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        Matcher m = SIMPLE_DURATION.matcher(value);
        if (!m.matches()) {
            throw new DateTimeParseException("not a duration", value, 0);
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        InventoryException error(String field, String problem) {
            return new InventoryException(source + ": " + field + ": " + problem);
        }

        Inventory inventory(JsonNode root) throws InventoryException {
            known(root, "", Set.of("server", "users", "repositories", "jobs"));
            JsonNode serverNode = root.path("server");
            known(serverNode, "server", Set.of("name", "timeZone"));
            String zone = optText(serverNode, "server", "timeZone", "America/Guatemala");
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw error("server.timeZone", "'" + zone + "' is not a time zone; write an IANA id such as America/Guatemala");
            }
            Inventory.Server server = new Inventory.Server(optText(serverNode, "server", "name", "VBR-SIMULADO"), zone);

            List<Inventory.User> users = new ArrayList<>();
            int i = 0;
            for (JsonNode u : list(root, "users", true)) {
                String at = "users[" + i++ + "]";
                known(u, at, Set.of("username", "password"));
                users.add(new Inventory.User(text(u, at, "username"), text(u, at, "password")));
            }

            List<Inventory.Repository> repositories = new ArrayList<>();
            Set<String> repoNames = new HashSet<>();
            i = 0;
            for (JsonNode r : list(root, "repositories", true)) {
                String at = "repositories[" + i++ + "]";
                known(r, at, Set.of("name", "type", "description", "hostName", "path", "capacityGB", "freeGB", "usedSpaceGB", "online"));
                String name = text(r, at, "name");
                if (!repoNames.add(name)) {
                    throw error(at + ".name", "'" + name + "' is used by another repository; names must be unique");
                }
                double capacity = number(r, at, "capacityGB", null);
                double free = number(r, at, "freeGB", null);
                if (capacity <= 0) {
                    throw error(at + ".capacityGB", "must be greater than 0, was " + capacity);
                }
                if (free < 0 || free > capacity) {
                    throw error(at + ".freeGB", "must be between 0 and capacityGB (" + capacity + "), was " + free);
                }
                repositories.add(new Inventory.Repository(name, oneOf(r, at, "type", REPOSITORY_TYPES, "WinLocal"),
                        optText(r, at, "description", "Backup repository " + name), optText(r, at, "hostName", "vbr01.local"),
                        text(r, at, "path"), capacity, free, number(r, at, "usedSpaceGB", capacity - free),
                        bool(r, at, "online", true)));
            }

            List<Inventory.Job> jobs = new ArrayList<>();
            Set<String> jobNames = new HashSet<>();
            i = 0;
            for (JsonNode j : list(root, "jobs", true)) {
                String at = "jobs[" + i++ + "]";
                known(j, at, Set.of("name", "type", "description", "repository", "highPriority", "disabled", "objects", "behaviour",
                        "backupMode", "history"));
                String name = text(j, at, "name");
                if (!jobNames.add(name)) {
                    throw error(at + ".name", "'" + name + "' is used by another job; names must be unique");
                }
                String repository = text(j, at, "repository");
                if (!repoNames.contains(repository)) {
                    throw error(at + ".repository", "'" + repository + "' is not a repository of this inventory; use one of " + repoNames);
                }
                JobKind kind = JobKind.of(oneOf(j, at, "type", JOB_TYPES, "VSphereBackup"));
                List<Inventory.BackupObject> objects = new ArrayList<>();
                Set<String> objectNames = new HashSet<>();
                int k = 0;
                for (JsonNode o : list(j, at + ".objects", false)) {
                    String oat = at + ".objects[" + k++ + "]";
                    known(o, oat, kind.agent() ? Set.of("name", "hostName", "sizeGB", "protectionGroup")
                            : Set.of("name", "hostName", "sizeGB"));
                    String objectName = text(o, oat, "name");
                    if (!objectNames.add(objectName)) {
                        throw error(oat + ".name", "'" + objectName + "' appears twice in this job; each object once");
                    }
                    String defaultHost = switch (kind) {
                        case VSPHERE -> "vcenter.local";
                        case HYPERV -> "hyperv.local";
                        default -> objectName;
                    };
                    objects.add(new Inventory.BackupObject(objectName, optText(o, oat, "hostName", defaultHost),
                            number(o, oat, "sizeGB", 50.0),
                            kind.agent() ? optText(o, oat, "protectionGroup", "Servidores") : null));
                }
                String backupMode = "EntireComputer";
                if (j.has("backupMode")) {
                    if (!kind.agent()) {
                        throw error(at + ".backupMode", "only Veeam Agent jobs (WindowsAgentBackup, LinuxAgentBackup) have a backup mode");
                    }
                    backupMode = oneOf(j, at, "backupMode", BACKUP_MODES, "EntireComputer");
                }
                double history = number(j, at, "history", 0.0);
                if (history != Math.rint(history) || history > 60) {
                    throw error(at + ".history", "must be a whole number of restore points from 0 to 60, was " + history);
                }
                Inventory.Behaviour behaviour = behaviour(j.path("behaviour"), at + ".behaviour",
                        Inventory.Behaviour.success(Duration.ofSeconds(30)));
                for (int b = 0; b < behaviour.objects().size(); b++) {
                    String outcomeObject = behaviour.objects().get(b).name();
                    if (!objectNames.contains(outcomeObject)) {
                        throw error(at + ".behaviour.objects[" + b + "].name", "'" + outcomeObject
                                + "' is not an object of this job; its objects are " + objectNames);
                    }
                }
                jobs.add(new Inventory.Job(name, kind.inventoryType(), optText(j, at, "description", ""), repository,
                        bool(j, at, "highPriority", false), bool(j, at, "disabled", false), objects, behaviour,
                        backupMode, (int) history));
            }
            return new Inventory(server, users, repositories, jobs);
        }

        Inventory.Behaviour behaviour(JsonNode b, String at, Inventory.Behaviour d) throws InventoryException {
            if (b.isMissingNode() || b.isNull()) {
                return d;
            }
            if (!b.isObject()) {
                throw error(at, "expected a mapping (outcome, duration, waits, message, log, writtenGB, retryOutcome, objects)");
            }
            known(b, at, Set.of("outcome", "duration", "waits", "message", "log", "writtenGB", "retryOutcome", "objects"));
            String outcome = oneOf(b, at, "outcome", OUTCOMES, d.outcome());
            Duration duration = b.has("duration") ? durationField(b, at, "duration") : d.duration();
            List<Inventory.Wait> waits = new ArrayList<>();
            if (b.has("waits")) {
                int i = 0;
                for (JsonNode w : list(b, at + ".waits", false)) {
                    String wat = at + ".waits[" + i++ + "]";
                    known(w, wat, Set.of("state", "duration"));
                    waits.add(new Inventory.Wait(oneOf(w, wat, "state", WAIT_STATES, null), durationField(w, wat, "duration")));
                }
            } else {
                waits.addAll(d.waits());
            }
            List<Inventory.LogLine> log = new ArrayList<>();
            if (b.has("log")) {
                int i = 0;
                for (JsonNode l : list(b, at + ".log", false)) {
                    String lat = at + ".log[" + i++ + "]";
                    known(l, lat, Set.of("status", "title"));
                    log.add(new Inventory.LogLine(oneOf(l, lat, "status", LOG_STATUSES, "Succeeded"), text(l, lat, "title")));
                }
            } else {
                log.addAll(d.log());
            }
            Double written = b.has("writtenGB") ? Double.valueOf(number(b, at, "writtenGB", null)) : d.writtenGB();
            List<Inventory.ObjectOutcome> objects = new ArrayList<>();
            if (b.has("objects")) {
                int i = 0;
                Set<String> seen = new HashSet<>();
                for (JsonNode o : list(b, at + ".objects", false)) {
                    String oat = at + ".objects[" + i++ + "]";
                    known(o, oat, Set.of("name", "outcome", "message"));
                    String objectName = text(o, oat, "name");
                    if (!seen.add(objectName)) {
                        throw error(oat + ".name", "'" + objectName + "' is listed twice");
                    }
                    objects.add(new Inventory.ObjectOutcome(objectName, oneOf(o, oat, "outcome", OUTCOMES, null),
                            optText(o, oat, "message", null)));
                }
            } else {
                objects.addAll(d.objects());
            }
            return new Inventory.Behaviour(outcome, duration, waits, b.has("message") ? optText(b, at, "message", null) : d.message(),
                    log, written, oneOf(b, at, "retryOutcome", OUTCOMES, d.retryOutcome()), objects);
        }

        void known(JsonNode node, String at, Set<String> fields) throws InventoryException {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                throw error(at.isEmpty() ? "(top level)" : at, "expected a mapping with " + fields);
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!fields.contains(name)) {
                    throw error(at.isEmpty() ? name : at + "." + name, "unknown field; known fields here are " + new java.util.TreeSet<>(fields));
                }
            }
        }

        List<JsonNode> list(JsonNode parent, String at, boolean topLevel) throws InventoryException {
            JsonNode node = topLevel ? parent.path(at) : field(parent, at);
            List<JsonNode> items = new ArrayList<>();
            if (node.isMissingNode() || node.isNull()) {
                return items;
            }
            if (!node.isArray()) {
                throw error(at, "expected a list (items starting with '-')");
            }
            node.forEach(items::add);
            return items;
        }

        /** For nested list fields {@code at} is a path; the last segment is the field name. */
        JsonNode field(JsonNode parent, String at) {
            String name = at.substring(at.lastIndexOf('.') + 1);
            return parent.has(name) ? parent.get(name) : MissingNode.getInstance();
        }

        String text(JsonNode node, String at, String field) throws InventoryException {
            JsonNode value = node.path(field);
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(at + "." + field, "is required and must be a non-empty text");
            }
            return value.asText();
        }

        String optText(JsonNode node, String at, String field, String fallback) throws InventoryException {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                throw error(at + "." + field, "must be a text");
            }
            return value.asText();
        }

        double number(JsonNode node, String at, String field, Double fallback) throws InventoryException {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (fallback == null) {
                    throw error(at + "." + field, "is required and must be a number");
                }
                return fallback;
            }
            if (!value.isNumber()) {
                throw error(at + "." + field, "must be a number, was '" + value.asText() + "'");
            }
            double d = value.asDouble();
            if (d < 0) {
                throw error(at + "." + field, "must not be negative, was " + d);
            }
            return d;
        }

        boolean bool(JsonNode node, String at, String field, boolean fallback) throws InventoryException {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw error(at + "." + field, "must be true or false, was '" + value.asText() + "'");
            }
            return value.asBoolean();
        }

        String oneOf(JsonNode node, String at, String field, List<String> allowed, String fallback) throws InventoryException {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (fallback == null) {
                    throw error(at + "." + field, "is required; use one of " + allowed);
                }
                return fallback;
            }
            for (String candidate : allowed) {
                if (candidate.equalsIgnoreCase(value.asText())) {
                    return candidate;
                }
            }
            throw error(at + "." + field, "'" + value.asText() + "' is not one of " + allowed);
        }

        Duration durationField(JsonNode node, String at, String field) throws InventoryException {
            JsonNode value = node.path(field);
            try {
                Duration d = duration(value.asText());
                if (d.isNegative()) {
                    throw new DateTimeParseException("negative", value.asText(), 0);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw error(at + "." + field, "'" + value.asText() + "' is not a duration; write e.g. 45s, 2m, 1.5h, 500ms or PT2H");
            }
        }
    }
}
