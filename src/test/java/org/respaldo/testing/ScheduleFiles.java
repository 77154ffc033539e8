package org.respaldo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

/** Schedule files as an operator writes them, and the inbox they are dropped into. */
public final class ScheduleFiles {

    private ScheduleFiles() {
    }

    /** A valid schedule that fires daily at 23:00 (Guatemala) within a 22:00–02:00 window. */
    public static String nightly(String id, String title) {
        return """
                version: 1
                id: %s
                title: "%s"
                owner: director@mineco.gob.gt
                cron: "0 0 23 * * ?"
                timezone: America/Guatemala
                window: {start: "22:00", end: "02:00"}
                veeam:
                  jobs: [BD-SQLServer-Produccion, "BD-Oracle-*"]
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups', minFreeGb: 50}
                notify:
                  director: director@mineco.gob.gt
                  technicians: [tecnico1@mineco.gob.gt]
                """.formatted(id, title);
    }

    /**
     * A schedule whose cron fires once at {@code at} (to the second, zone of {@code at}),
     * with a window around it.
     */
    public static String firingAt(String id, ZonedDateTime at) {
        LocalTime start = at.toLocalTime().minusHours(1).withMinute(0).withSecond(0).withNano(0);
        LocalTime end = at.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        return """
                version: 1
                id: %s
                title: Prueba de disparo
                owner: director@mineco.gob.gt
                cron: "%d %d %d %d %d ? %d"
                timezone: %s
                window: {start: "%s", end: "%s"}
                veeam: {jobs: [BD-PostgreSQL-Portal]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.gob.gt}
                """.formatted(id, at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue(),
                at.getYear(), at.getZone().getId(), hhmm(start), hhmm(end));
    }

    /**
     * A schedule that fires once at {@code at} with a window around it, backing up {@code jobs} (a
     * YAML list such as {@code [BD-Oracle-SIAF]}), telling the Director and one technician; {@code extra}
     * is added as more top-level lines (e.g. {@code misfire: skip}).
     */
    public static String firingAt(String id, ZonedDateTime at, String jobs, String extra) {
        LocalTime start = at.toLocalTime().minusHours(1).withMinute(0).withSecond(0).withNano(0);
        LocalTime end = at.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        return """
                version: 1
                id: %s
                title: Prueba %s
                owner: director@mineco.gob.gt
                cron: "%d %d %d %d %d ? %d"
                timezone: %s
                window: {start: "%s", end: "%s"}
                veeam: {jobs: %s}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.gob.gt, technicians: [tecnico1@mineco.gob.gt]}
                %s
                """.formatted(id, id, at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue(),
                at.getYear(), at.getZone().getId(), hhmm(start), hhmm(end), jobs, extra);
    }

    /** A schedule firing every {@code seconds} seconds during the current and the next hour. */
    public static String everySeconds(String id, int seconds, ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        int h = now.getHour();
        int h2 = (h + 1) % 24;
        return """
                version: 1
                id: %s
                title: Cada pocos segundos
                owner: director@mineco.gob.gt
                cron: "0/%d * %d,%d * * ?"
                timezone: %s
                window: {start: "%02d:00", end: "%02d:00"}
                veeam: {jobs: [BD-MySQL-Intranet]}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.gob.gt}
                """.formatted(id, seconds, h, h2, zone.getId(), h, (h + 2) % 24);
    }

    private static String hhmm(LocalTime t) {
        return "%02d:%02d".formatted(t.getHour(), t.getMinute());
    }

    /** Writes the file hidden first and renames it, the way a careful copy lands in the inbox. */
    public static Path drop(Path inbox, String name, String content) {
        return drop(inbox, name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static Path drop(Path inbox, String name, byte[] content) {
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve("." + name + ".part");
            Files.write(tmp, content);
            return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under a folder whose name ends with {@code suffix}. */
    public static List<Path> find(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
