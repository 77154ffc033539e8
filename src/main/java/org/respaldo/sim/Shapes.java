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
        n.put("sessionType", s.kind().sessionType(rev));
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
            n.put("platformName", s.kind().platform());
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

    /** What an object has processed, read and transferred so far, and the share of its work done. */
    record Figures(long processed, long read, long transferred, double share, Instant start, Instant end) {
    }

    static Figures figures(SimSession s, SimSession.ObjectRun o, double timeScale, Instant now) {
        if (o.finished) {
            return new Figures(o.processed, o.read, o.transferred, 1, o.startTime, o.endTime);
        }
        double share = o.share(s.elapsedMs(now, timeScale));
        Instant start = share > 0 ? s.realInstant(o.startMs, timeScale) : null;
        return new Figures((long) (o.sizeBytes * share), (long) (o.plannedRead * share),
                (long) (o.plannedTransferred * share), share, start, null);
    }

    ObjectNode taskSession(SimSession s, SimSession.ObjectRun o, double timeScale, Instant now) {
        Figures f = figures(s, o, timeScale, now);
        ObjectNode n = mapper.createObjectNode();
        n.put("id", o.taskId);
        n.put("type", "Backup");
        n.put("sessionId", s.id);
        n.put("sessionType", s.kind().sessionType(rev));
        n.put("creationTime", time(f.start() != null ? f.start() : s.creation));
        if (o.finished) {
            n.put("endTime", time(o.endTime));
        }
        n.put("name", o.def.name());
        String state;
        if (o.finished) {
            state = "Stopped";
        } else if (f.share() >= 1) {
            state = "Postprocessing"; // data processed; the restore point is committed when the session ends
        } else if (f.share() > 0) {
            state = s.state.equals("Stopping") ? "Stopping" : "Working";
        } else {
            state = s.state.startsWith("Waiting") ? s.state : "Starting";
        }
        n.put("state", state);
        ObjectNode result = n.putObject("result");
        result.put("result", o.finished ? o.result : "None");
        result.put("message", o.finished ? o.message : "");
        result.put("isCanceled", s.canceled && o.finished && o.index >= s.completeUpTo);
        n.put("usn", s.usn);
        if (o.restorePointId != null) {
            n.put("restorePointId", o.restorePointId);
            n.put("restorePointReference", "/api/v1/restorePoints/" + o.restorePointId);
        }
        n.put("algorithm", o.algorithm);
        n.put("repositoryId", s.job.repository.id);
        n.set("progress", progress(f.processed(), f.read(), f.transferred(), f.start(), f.end() != null ? f.end() : now,
                f.share() > 0 ? s.kind().bottleneck() : "NotDefined", o.finished ? 100 : (int) Math.floor(f.share() * 100)));
        if (rev.atLeast(ApiRevision.V1_3_REV2)) {
            n.put("platformType", s.kind().platform());
            n.put("platformId", VMWARE_PLATFORM_ID);
        }
        return n;
    }

    /**
     * {@code SessionProgress}: duration "hh:mm:ss" and the rate, both from the timestamps the simulator
     * reports (so that processed / duration is the rate); sizes in bytes.
     */
    private ObjectNode progress(long processed, long read, long transferred, Instant start, Instant end, String bottleneck,
                                int percent) {
        ObjectNode p = mapper.createObjectNode();
        double seconds = start == null ? 0 : Math.max(0, java.time.Duration.between(start, end).toNanos() / 1e9);
        long whole = (long) seconds;
        p.put("duration", String.format(Locale.ROOT, "%02d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60));
        p.put("processingRate", rate(processed, seconds));
        p.put("bottleneck", bottleneck);
        p.put("processedSize", processed);
        p.put("readSize", read);
        p.put("transferredSize", transferred);
        if (rev.is13()) {
            p.put("progressPercent", percent);
        }
        return p;
    }

    /** Veeam's rate text, e.g. {@code 182.4 MB/s}; {@code N/A} before anything was processed. */
    static String rate(long bytes, double seconds) {
        if (bytes <= 0 || seconds <= 0) {
            return "N/A";
        }
        double perSecond = bytes / seconds;
        String[] units = {"B/s", "KB/s", "MB/s", "GB/s", "TB/s"};
        int unit = 0;
        while (perSecond >= 1024 && unit < units.length - 1) {
            perSecond /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", perSecond, units[unit]);
    }

    ObjectNode job(Datacenter.JobState j) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", j.id);
        n.put("name", j.def.name());
        n.put("type", j.kind.jobType(rev));
        n.put("isDisabled", j.def.disabled());
        n.put("description", j.def.description());
        n.put("isHighPriority", j.def.highPriority());
        switch (j.kind) {
            case VSPHERE -> vsphereJob(n, j);
            case HYPERV -> hypervJob(n, j);
            default -> agentJob(n, j);
        }
        ObjectNode guest = n.putObject("guestProcessing");
        guest.putObject("appAwareProcessing").put("isEnabled", true).putArray("appSettings");
        guest.putObject("guestFSIndexing").put("isEnabled", false).putArray("indexingSettings");
        schedule(n.putObject("schedule"));
        return n;
    }

    private void vsphereJob(ObjectNode n, Datacenter.JobState j) {
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
    }

    /** {@code HyperVBackupJobModel} (1.3): VMs of Hyper-V hosts, on-host proxy ({@code onHost} in 1.3-rev0's EHypeVProxyType). */
    private void hypervJob(ObjectNode n, Datacenter.JobState j) {
        ObjectNode vms = n.putObject("virtualMachines");
        ArrayNode includes = vms.putArray("includes");
        for (Inventory.BackupObject o : j.def.objects()) {
            ObjectNode item = includes.addObject();
            item.put("platform", "HyperV");
            item.put("size", String.format(Locale.ROOT, "%.1f GB", o.sizeGB()));
            item.put("hostName", o.hostName());
            item.put("name", o.name());
            item.put("type", "VirtualMachine");
            item.put("objectId", Datacenter.uuid("hyperv-vm:" + o.hostName() + ":" + o.name()));
        }
        ObjectNode storage = n.putObject("storage");
        storage.put("backupRepositoryId", j.repository.id);
        storage.putObject("backupProxies").put("proxyType", rev.atLeast(ApiRevision.V1_3_REV1) ? "OnHost" : "onHost");
        storage.putObject("retentionPolicy").put("type", "RestorePoints").put("quantity", 14);
    }

    /** {@code WindowsAgentManagementBackupJobModel} / {@code LinuxAgentManagementBackupJobModel} (1.3): server-managed agent jobs. */
    private void agentJob(ObjectNode n, Datacenter.JobState j) {
        boolean windows = j.kind == JobKind.WINDOWS_AGENT;
        n.put("agentType", "Server");
        ArrayNode computers = n.putArray("computers");
        for (Inventory.BackupObject o : j.def.objects()) {
            ObjectNode c = computers.addObject();
            c.put("platform", "Agent");
            c.put("size", String.format(Locale.ROOT, "%.1f GB", o.sizeGB()));
            c.put("id", Datacenter.uuid("computer:" + o.name()));
            c.put("name", o.name());
            c.put("type", windows ? "WindowsComputer" : "LinuxComputer");
            c.put("protectionGroupId", Datacenter.uuid("protection-group:" + o.protectionGroup()));
        }
        String mode = j.def.backupMode();
        n.put("backupMode", mode);
        if (windows) {
            n.put("includeUsbDrives", false);
        }
        if (mode.equals("Volumes")) {
            ObjectNode volumes = n.putObject("volumes");
            if (windows) {
                volumes.put("volumesBackupMode", rev.atLeast(ApiRevision.V1_3_REV1) ? "SelectedVolumes" : "selectedVolumes");
                volumes.putArray("volumeObject").addObject().put("type", "OS");
            } else {
                volumes.putArray("volumeObject").addObject().put("path", "/").put("type", "MountPoint");
            }
        } else if (mode.equals("FileLevel")) {
            ObjectNode files = n.putObject("files");
            if (windows) {
                files.put("backupOS", true);
            }
            files.putArray("customFiles").add(windows ? "D:\\\\Datos" : "/var/lib");
        }
        ObjectNode storage = n.putObject("storage");
        storage.put("backupRepositoryId", j.repository.id);
        storage.putObject("retentionPolicy").put("type", "RestorePoints").put("quantity", 14);
    }

    private void schedule(ObjectNode schedule) {
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
    }

    ObjectNode jobState(Datacenter.JobState j, Instant now, double timeScale) {
        ObjectNode n = mapper.createObjectNode();
        SimSession s = j.lastSession;
        n.put("id", j.id);
        n.put("name", j.def.name());
        n.put("type", j.kind.jobType(rev));
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
        n.put("workload", rev.jobEnum(j.kind.workload()));
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
                n.set("sessionProgress", sessionProgress(s, timeScale, now));
            }
        }
        return n;
    }

    /** The session's totals: the sums over its task sessions; duration and rate over the whole session. */
    private ObjectNode sessionProgress(SimSession s, double timeScale, Instant now) {
        long processed = 0;
        long read = 0;
        long transferred = 0;
        for (SimSession.ObjectRun o : s.objects) {
            Figures f = figures(s, o, timeScale, now);
            processed += f.processed();
            read += f.read();
            transferred += f.transferred();
        }
        return progress(processed, read, transferred, s.creation, s.endTime != null ? s.endTime : now,
                processed > 0 ? s.kind().bottleneck() : "NotDefined", s.progress);
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
        n.put("platformName", b.job().kind.platform());
        n.put("platformId", VMWARE_PLATFORM_ID);
        n.put("creationTime", time(b.creationTime()));
        n.put("repositoryId", b.job().repository.id);
        if (rev == ApiRevision.V1_1_REV0) {
            // the 1.1-rev0 document requires "type" without defining it
            n.put("type", "Backup");
        }
        if (rev.is13()) {
            n.put("repositoryName", b.job().repository.def.name());
            n.put("jobType", b.job().kind.jobType(rev));
        }
        return n;
    }

    ObjectNode restorePoint(Datacenter.RestorePoint p) {
        JobKind kind = p.backup().job().kind;
        ObjectNode n = mapper.createObjectNode();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("platformName", kind.platform());
        n.put("platformId", VMWARE_PLATFORM_ID);
        n.put("creationTime", time(p.creationTime()));
        n.put("backupId", p.backup().id());
        n.put("type", p.type());
        if (p.sessionId() != null) {
            n.put("sessionId", p.sessionId());
        }
        ArrayNode ops = n.putArray("allowedOperations");
        switch (kind) {
            case VSPHERE -> ops.add("StartViVMInstantRecovery").add("StartEntireVmRestore").add("StartFlrRestore");
            case HYPERV -> {
                if (rev.is13()) {
                    ops.add("StartHvVMInstantRecovery").add("StartEntireVmRestoreHyperV");
                }
                ops.add("StartFlrRestore");
            }
            default -> ops.add("StartFlrRestore");
        }
        if (rev.is13()) {
            if (kind.agent()) {
                n.put("guestOsFamily", kind == JobKind.WINDOWS_AGENT ? "Windows" : "Linux");
            }
            n.put("originalSize", (long) (p.sizeGB() * Datacenter.GB));
        }
        return n;
    }
}
