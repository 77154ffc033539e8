package org.respaldo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A herd of schedules for load tests and benchmarks: a simulator inventory with {@code n} jobs
 * (one per schedule, so no run finds its job already running), and {@code n} schedule files, the
 * i-th firing once at {@code first} plus (i mod {@code spreadSeconds}) seconds.
 */
public final class Herd {

    private Herd() {
    }

    public static String job(int i) {
        return "Herd-%04d".formatted(i);
    }

    /** The inventory: {@code n} VMware jobs of {@code duration} (simulated time) writing to the demo's local repository. */
    public static Path inventory(Path file, int n, String duration) {
        java.util.Map<String, String> jobs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            jobs.put(job(i), duration);
        }
        return inventory(file, jobs);
    }

    /** The inventory: one VMware job per entry (name → duration in simulated time), one VM each, on the demo's local repository. */
    public static Path inventory(Path file, java.util.Map<String, String> jobs) {
        StringBuilder b = new StringBuilder("""
                server: {name: VBR-CARGA, timeZone: America/Guatemala}
                users:
                  - {username: respaldo, password: respaldo-demo}
                repositories:
                  - {name: Repositorio-CD-Local, type: WinLocal, description: local, hostName: srv01, path: 'D:\\Backups',
                     capacityGB: 100000, freeGB: 90000}
                jobs:
                """);
        int i = 0;
        for (var job : jobs.entrySet()) {
            b.append("  - name: ").append(job.getKey()).append("\n    type: VSphereBackup\n    description: carga\n")
                    .append("    repository: Repositorio-CD-Local\n    objects: [{name: vm-").append(i++)
                    .append(", hostName: vc01, sizeGB: 1}]\n    behaviour: {outcome: Success, duration: ").append(job.getValue())
                    .append("}\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the {@code n} schedule files into {@code inbox} (hidden, then renamed, as a careful copy does). */
    public static void schedules(Path inbox, int n, ZonedDateTime first, int spreadSeconds) {
        for (int i = 0; i < n; i++) {
            ZonedDateTime at = first.plusSeconds(i % spreadSeconds);
            String id = "carga-%04d".formatted(i);
            ScheduleFiles.drop(inbox, id + ".yaml", ScheduleFiles.firingAt(id, at, "[" + job(i) + "]", "")
                    .replace("notify: {director: director@mineco.gob.gt, technicians: [tecnico1@mineco.gob.gt]}",
                            "notify: {director: director@mineco.gob.gt}"));
        }
    }

    public static ZonedDateTime at(ZoneId zone, int secondsAhead) {
        return ZonedDateTime.now(zone).plusSeconds(secondsAhead).withNano(0);
    }
}
