package org.respaldo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.respaldo.run.Run;
import org.respaldo.run.RunEngine;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.Fire;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.sim.Inventory;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/** The real application with the Veeam simulator and GreenMail, for the watch's tests; restartable on the same data dir. */
final class WatchFixture implements AutoCloseable {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final String FAILING_JOB = "BD-PostgreSQL-Portal";

    final Path data;
    final int smtp = Ports.free();
    final int imap = Ports.free();
    final GreenMail mail;
    final VeeamSimulator sim;
    RespaldoApp app;

    WatchFixture(Path data) throws Exception {
        this.data = data;
        ScheduleFiles.deleteTree(data);
        mail = Mailboxes.start(smtp, imap);
        sim = VeeamSimulator.start(SimulatorOptions.defaults(data.resolve("sim")).withPort(0).withTimeScale(20));
    }

    /** (Re)starts the application on the fixture's data dir and database with these settings on top. */
    RespaldoApp start(Map<String, String> extra) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.veeam.principal.poll-interval-ms", "200");
        props.put("respaldo.intake.min-age-ms", "200");
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(smtp));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.outbox-poll-ms", "200");
        props.put("respaldo.run.veeam-wait", "PT4S");
        props.putAll(extra);
        app = RespaldoApp.start(data.resolve("app"), Ports.free(), props);
        return app;
    }

    void stopApp() throws Exception {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Registers a daily schedule (this hour, window around it) through the inbox. */
    void register(String id, String jobs, String extra, String language) {
        ZonedDateTime now = ZonedDateTime.now(GT);
        String text = """
                version: 1
                id: %s
                title: Prueba %s
                owner: director@mineco.local
                cron: "0 0 %d * * ?"
                timezone: America/Guatemala
                window: {start: "%02d:00", end: "%02d:00"}
                %sveeam: {jobs: %s}
                storage: {repository: Repositorio-CD-Local, path: 'D:\\Backups'}
                notify: {director: director@mineco.local, technicians: [tecnico1@mineco.local], language: %s}
                """.formatted(id, id, now.getHour(), now.getHour(), (now.getHour() + 2) % 24, extra, jobs, language);
        ScheduleFiles.drop(data.resolve("app/inbox"), id + ".yaml", text);
        Eventually.await(Duration.ofSeconds(15), "schedule " + id + " registered",
                () -> app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).isPresent());
    }

    /** Fires the schedule now (as its trigger does) and waits for the run to conclude. */
    Run runNow(String id) {
        int version = app.bean("scheduleRegistry", ScheduleRegistry.class).get(id).orElseThrow().version();
        Instant now = Instant.now();
        String runId = app.bean("runEngine", RunEngine.class).enqueue(new Fire(id, version, now, now), Run.Trigger.SCHEDULE)
                .orElseThrow();
        RunStore runs = app.bean("runStore", RunStore.class);
        Eventually.await(Duration.ofSeconds(60), "run " + runId + " concluded",
                () -> runs.get(runId).map(r -> r.status() == Run.Status.CONCLUDED).orElse(false));
        return runs.get(runId).orElseThrow();
    }

    /** Makes the job fail (until {@link #succeed}). */
    Inventory.Behaviour fail(String job) {
        Inventory.Behaviour before = sim.admin().behaviour(job);
        sim.admin().setBehaviour(job, new Inventory.Behaviour("Failed", Duration.ofSeconds(20), List.of(),
                "Error: disco lleno en el servidor de base de datos", List.of(new Inventory.LogLine("Failed", "Processing pg01 failed")),
                null, "Failed"));
        return before;
    }

    /** The messages GreenMail received with this X-Respaldo-Event (one copy per recipient). */
    List<MimeMessage> received(String event) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String[] ev = m.getHeader("X-Respaldo-Event");
                if (ev != null && ev[0].equals(event)) {
                    out.add(m);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** A mailbox's messages of one event, read over IMAP. */
    List<MimeMessage> imap(String address, String event) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : Mailboxes.imap(imap, address)) {
            String[] ev = m.getHeader("X-Respaldo-Event");
            if (ev != null && ev[0].equals(event)) {
                out.add(m);
            }
        }
        return out;
    }

    static String header(MimeMessage m, String name) {
        try {
            String[] v = m.getHeader(name);
            return v == null ? null : v[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertOneMail(List<MimeMessage> copies) {
        assertThat(copies).isNotEmpty();
        assertThat(copies.stream().map(m -> header(m, "Message-ID")).distinct()).hasSize(1);
    }

    @Override
    public void close() throws Exception {
        stopApp();
        sim.close();
        mail.stop();
    }
}
