package org.respaldo.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The demo's example schedule: the four database jobs of the demo Veeam inventory, firing
 * once about a minute after start-up, written into the inbox like an operator would.
 */
public final class DemoSchedule {

    public static final String ID = "demo-respaldo-bd";
    public static final ZoneId ZONE = ZoneId.of("America/Guatemala");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private DemoSchedule() {
    }

    /** The fire time: at least {@code lead} seconds ahead, on a whole second. */
    public static ZonedDateTime fireTime(Clock clock, int leadSeconds) {
        return ZonedDateTime.now(clock.withZone(ZONE)).plusSeconds(leadSeconds).withNano(0);
    }

    public static String content(ZonedDateTime at) {
        String template;
        try (InputStream in = DemoSchedule.class.getResourceAsStream("/demo/programacion-demo.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("demo schedule template missing", e);
        }
        LocalTime start = at.toLocalTime().minusMinutes(30);
        LocalTime end = at.toLocalTime().plusHours(2);
        String cron = "%d %d %d %d %d ? %d".formatted(at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(),
                at.getMonthValue(), at.getYear());
        return template.replace("${cron}", cron)
                .replace("${windowStart}", HH_MM.format(start))
                .replace("${windowEnd}", HH_MM.format(end));
    }

    /** Writes the schedule into the inbox (hidden first, then renamed, so it is never read half-way). */
    public static Path drop(Path inbox, ZonedDateTime at) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + ID + ".yaml.part");
        Files.writeString(tmp, content(at));
        return Files.move(tmp, inbox.resolve(ID + ".yaml"), StandardCopyOption.ATOMIC_MOVE);
    }
}
