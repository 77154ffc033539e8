package org.respaldo.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders the simulator's state as the models of one API revision. */
final class Shapes {

    static final String VMWARE_PLATFORM_ID = "00000000-0000-0000-0000-000000000000";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT);

    private final ObjectMapper mapper;
    private final ZoneId zone;
    private final ApiRevision rev;

    Shapes(ObjectMapper mapper, ZoneId zone, ApiRevision rev) {
        this.mapper = mapper;
        this.zone = zone;
        this.rev = rev;
    }

    String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }

    ObjectNode session(SimSession s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", s.id);
        n.put("name", s.name);
        n.put(rev.sessionJobIdField(), s.job.id);
        n.put("sessionType", rev.backupSessionType());
        n.put("creationTime", time(s.creation));
        if (s.endTime != null) {
            n.put("endTime", time(s.endTime));
        }
        n.put("state", s.state);
        n.put("progressPercent", s.progress);
        ObjectNode result = n.putObject("result");
        result.put("result", s.result);
        result.put("message", s.message);
        result.put("isCanceled", s.canceled);
        n.put("resourceId", Datacenter.uuid("backup:" + s.job.def.name()));
        n.put("resourceReference", "/api/v1/backups/" + Datacenter.uuid("backup:" + s.job.def.name()));
        n.put("usn", s.usn);
        if (rev.atLeast(ApiRevision.V1_2_REV1)) {
            n.put("platformName", "VMware");
            n.put("platformId", VMWARE_PLATFORM_ID);
        }
        if (rev.is13()) {
            n.put("initiatedBy", ".\\respaldo");
        }
        return n;
    }

    ObjectNode logs(SimSession s, List<String> statusFilter) {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode records = mapper.createArrayNode();
        for (int i = s.log.size() - 1; i >= 0; i--) {
            SimSession.LogRecord r = s.log.get(i);
            if (!statusFilter.isEmpty() && statusFilter.stream().noneMatch(f -> f.equalsIgnoreCase(r.status()))) {
                continue;
            }
            ObjectNode rec = records.addObject();
            rec.put("id", r.id());
            rec.put("status", r.status());
            rec.put("startTime", time(r.startTime()));
            rec.put("updateTime", time(r.updateTime()));
            rec.put("title", r.title());
            rec.put("description", "");
            if (rev.atLeast(ApiRevision.V1_3_REV2)) {
                rec.putArray("additionalInfo");
            } else if (rev.is13()) {
                rec.put("additionalInfo", "");
            }
        }
        n.put("totalRecords", records.size());
        n.set("records", records);
        return n;
    }

    ObjectNode taskSession(SimSession s, int index, double timeScale, Instant now) {
        Inventory.BackupObject o = s.job.def.objects().get(index);
        int count = s.job.def.objects().size();
        double fraction = s.running() ? s.workFraction(s.elapsedMs(now, timeScale)) : 1;
        double share = Math.max(0, Math.min(1, fraction * count - index));
        boolean done = !s.running() || share >= 1;
        ObjectNode n = mapper.createObjectNode();
        n.put("id", Datacenter.uuid("task:" + s.id + ":" + index));
        n.put("type", "Backup");
        n.put("sessionId", s.id);
        n.put("sessionType", rev.backupSessionType());
        n.put("creationTime", time(s.creation));
        if (done && s.endTime != null) {
            n.put("endTime", time(s.endTime));
        }
        n.put("name", o.name());
        n.put("state", done ? "Stopped" : s.state.equals("Working") && share > 0 ? "Working" : s.state.equals("Stopped") ? "Stopped" : "Starting");
        ObjectNode result = n.putObject("result");
        result.put("result", done ? (s.running() ? "Success" : s.result) : "None");
        result.put("message", done && !s.running() ? s.message : "");
        result.put("isCanceled", s.canceled);
        n.put("usn", s.usn);
        n.put("algorithm", s.algorithm);
        n.put("repositoryId", s.job.repository.id);
        n.set("progress", progress(s, o.sizeGB(), share, done ? s.endTime : null, now));
        return n;
    }

    /** {@code SessionProgress}: duration "hh:mm:ss", rate, bottleneck, sizes in bytes, percent. */
    private ObjectNode progress(SimSession s, double sizeGB, double fraction, Instant end, Instant now) {
        ObjectNode p = mapper.createObjectNode();
        long seconds = Math.max(0, ((end != null ? end : now).toEpochMilli() - s.creation.toEpochMilli()) / 1000);
        p.put("duration", String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
        p.put("processingRate", s.running() && fraction > 0 && fraction < 1 ? "182.4 MB/s" : "N/A");
        p.put("bottleneck", "Source");
        long processed = (long) (sizeGB * fraction * 1024 * 1024 * 1024);
        p.put("processedSize", processed);
        p.put("readSize", (long) (processed * 0.8));
        p.put("transferredSize", (long) (processed * 0.4));
        p.put("progressPercent", (int) Math.round(fraction * 100));
        return p;
    }

    ObjectNode job(Datacenter.JobState j) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", j.id);
        n.put("name", j.def.name());
        n.put("type", rev.vsphereBackupJobType());
        n.put("isDisabled", j.def.disabled());
        n.put("description", j.def.description());
        n.put("isHighPriority", j.def.highPriority());
        ObjectNode vms = n.putObject("virtualMachines");
        ArrayNode includes = vms.putArray("includes");
        for (Inventory.BackupObject o : j.def.objects()) {
            ObjectNode item = includes.addObject();
            ObjectNode object = rev.wrapsInventoryObjects() ? item.putObject("inventoryObject") : item;
            if (!rev.wrapsInventoryObjects()) {
                item.put("platform", rev.inventoryPlatform());
            }
            item.put("size", String.format(Locale.ROOT, "%.1f GB", o.sizeGB()));
            object.put("hostName", o.hostName());
            object.put("name", o.name());
            object.put("type", "VirtualMachine");
            object.put("objectId", "vm-" + Math.abs(o.name().hashCode() % 100000));
        }
        ObjectNode storage = n.putObject("storage");
        storage.put("backupRepositoryId", j.repository.id);
        storage.putObject("backupProxies").put(rev == ApiRevision.V1_1_REV0 ? "autoSelection" : "autoSelectEnabled", true)
                .putArray("proxyIds");
        storage.putObject("retentionPolicy").put("type", "RestorePoints").put("quantity", 14);
        ObjectNode guest = n.putObject("guestProcessing");
        guest.putObject("appAwareProcessing").put("isEnabled", true).putArray("appSettings");
        guest.putObject("guestFSIndexing").put("isEnabled", false).putArray("indexingSettings");
        ObjectNode schedule = n.putObject("schedule");
        schedule.put("runAutomatically", false);
        ObjectNode daily = schedule.putObject("daily");
        daily.put("isEnabled", false);
        daily.put("localTime", "22:00");
        daily.put("dailyKind", "Everyday");
        ArrayNode days = daily.putArray("days");
        for (String d : List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")) {
            days.add(rev.dayOfWeek(d));
        }
        schedule.putObject("retry").put("isEnabled", false).put("retryCount", 3).put("awaitMinutes", 10);
        return n;
    }

    ObjectNode jobState(Datacenter.JobState j, Instant now, double timeScale) {
        ObjectNode n = mapper.createObjectNode();
        SimSession s = j.lastSession;
        n.put("id", j.id);
        n.put("name", j.def.name());
        n.put("type", rev.vsphereBackupJobType());
        n.put("description", j.def.description());
        String status;
        if (j.def.disabled()) {
            status = "Disabled";
        } else if (s != null && s.running()) {
            status = !rev.is13() ? "Running" : s.state.equals("Starting") ? "Starting" : s.state.equals("Stopping") ? "Stopping" : "Running";
        } else {
            status = "Inactive";
        }
        n.put("status", rev.jobEnum(status));
        if (j.lastRun != null) {
            n.put("lastRun", time(j.lastRun));
        }
        n.put("lastResult", j.lastResult);
        n.put("workload", rev.jobEnum("Vm"));
        n.put("repositoryId", j.repository.id);
        n.put("repositoryName", j.repository.def.name());
        n.put("objectsCount", j.def.objects().size());
        if (s != null) {
            n.put("sessionId", s.id);
        }
        if (rev.is13()) {
            n.put("nextRunPolicy", "Not scheduled");
            n.put("highPriority", j.def.highPriority());
            n.put("progressPercent", s != null && s.running() ? s.progress : 0);
            if (s != null) {
                double total = j.def.objects().stream().mapToDouble(Inventory.BackupObject::sizeGB).sum();
                double fraction = s.running() ? s.workFraction(s.elapsedMs(now, timeScale)) : 1;
                n.set("sessionProgress", progress(s, total, fraction, s.endTime, now));
            }
        }
        return n;
    }

    ObjectNode repository(Datacenter.RepoState r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", r.id);
        n.put("name", r.def.name());
        n.put("description", r.def.description());
        n.put("uniqueId", r.id);
        n.put("type", r.def.type());
        n.put("hostId", r.hostId);
        ObjectNode repo = n.putObject("repository");
        repo.put("path", r.def.path());
        repo.put("taskLimitEnabled", true);
        repo.put("maxTaskCount", 4);
        repo.put("readWriteLimitEnabled", false);
        repo.put("readWriteRate", 0);
        ObjectNode mount = n.putObject("mountServer");
        ObjectNode windows = mount;
        if (rev.is13()) {
            // 1.3 wraps the mount server per OS; the type is lower case in 1.3-rev0, capitalised later
            mount.put("mountServerSettingsType", rev.atLeast(ApiRevision.V1_3_REV1) ? "Windows" : "windows");
            windows = mount.putObject("windows");
        }
        windows.put("mountServerId", r.hostId);
        windows.put("writeCacheFolder", "C:\\ProgramData\\Veeam\\Backup\\IRCache\\");
        windows.put("vPowerNFSEnabled", true);
        if (rev == ApiRevision.V1_1_REV0) {
            // the 1.1-rev0 document requires "kind" without defining it
            n.put("kind", "Standard");
        }
        return n;
    }

    ObjectNode repositoryState(Datacenter.RepoState r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", r.id);
        n.put("name", r.def.name());
        n.put("type", r.def.type());
        n.put("description", r.def.description());
        n.put("hostId", r.hostId);
        n.put("hostName", r.def.hostName());
        n.put("path", r.def.path());
        n.put("capacityGB", r.def.capacityGB());
        n.put("freeGB", r.freeGB);
        n.put("usedSpaceGB", r.usedGB);
        n.put("isOnline", r.online);
        if (rev.is13()) {
            n.put("isOutOfDate", false);
        }
        return n;
    }

    ObjectNode backup(Datacenter.Backup b) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", b.id());
        n.put("jobId", b.job().id);
        n.put("name", b.job().def.name());
        n.put("platformName", "VMware");
        n.put("platformId", VMWARE_PLATFORM_ID);
        n.put("creationTime", time(b.creationTime()));
        n.put("repositoryId", b.job().repository.id);
        if (rev == ApiRevision.V1_1_REV0) {
            // the 1.1-rev0 document requires "type" without defining it
            n.put("type", "Backup");
        }
        if (rev.is13()) {
            n.put("repositoryName", b.job().repository.def.name());
            n.put("jobType", rev.vsphereBackupJobType());
        }
        return n;
    }

    ObjectNode restorePoint(Datacenter.RestorePoint p) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("platformName", "VMware");
        n.put("platformId", VMWARE_PLATFORM_ID);
        n.put("creationTime", time(p.creationTime()));
        n.put("backupId", p.backup().id());
        n.put("type", p.type());
        n.put("sessionId", p.sessionId());
        ArrayNode ops = n.putArray("allowedOperations");
        ops.add("StartViVMInstantRecovery").add("StartEntireVmRestore").add("StartFlrRestore");
        if (rev.is13()) {
            n.put("originalSize", (long) (p.sizeGB() * 1024 * 1024 * 1024));
        }
        return n;
    }
}
