package org.respaldo.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.RespaldoApp;
import org.respaldo.testing.ScheduleFiles;

/**
 * Veeam server health against the simulator over HTTPS: its certificate made to expire in 10 days and a
 * repository set to 5 % free give one mail each to the fallback address (read over IMAP), not repeated by
 * the next checks nor by a restart; a repository that recovers and drops again is told again. The metrics and the readiness
 * check show the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthApplicationTest {

    static final Path DATA = Path.of("target/it/health");
    static final int PORT = Ports.free();
    static final int SMTP = Ports.free();
    static final int IMAP = Ports.free();
    static final String OPERATIONS = "operaciones@mineco.local";
    static final double GIB = 1024.0 * 1024 * 1024;

    VeeamSimulator sim;
    RespaldoApp app;
    GreenMail mail;

    @BeforeAll
    void start() throws Exception {
        ScheduleFiles.deleteTree(DATA);
        mail = Mailboxes.start(SMTP, IMAP);
        sim = VeeamSimulator.start(SimulatorOptions.defaults(DATA.resolve("sim")).withPort(0)
                .withCertificateValidity(Duration.ofDays(10)));
        app = RespaldoApp.start(DATA.resolve("app"), PORT, props());
    }

    private Map<String, String> props() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("respaldo.veeam.principal.url", sim.baseUri().toString());
        props.put("respaldo.veeam.principal.truststore", sim.certificatePem().toString());
        props.put("respaldo.mail.host", "127.0.0.1");
        props.put("respaldo.mail.port", String.valueOf(SMTP));
        props.put("respaldo.mail.from", "respaldo@mineco.local");
        props.put("respaldo.mail.fallback-address", OPERATIONS);
        props.put("respaldo.mail.outbox-poll-ms", "200");
        props.put("respaldo.veeam.health-interval", "PT0.5S");
        props.put("respaldo.metrics.refresh-interval", "PT0.5S");
        return props;
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    @Order(1)
    void aCertificateThatExpiresInTenDaysIsToldOnce() throws Exception {
        MimeMessage m = only(await("certificate-expiring", 1));
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly(OPERATIONS);
        assertThat(m.getSubject()).startsWith("[Respaldo] CERTIFICADO POR VENCER").contains("principal");
        assertThat(m.getHeader(HealthMails.SERVER_HEADER)[0]).isEqualTo("principal");
        String text = Mailboxes.part(m, "text/plain");
        assertThat(text).contains("aplicación VEEAM BACKUP «principal»", "dentro de 9 día(s)", "credenciales de usuario",
                sim.certificateSha256(), "respaldo.veeam.principal.thumbprint");

        checksGoBy(4);
        assertThat(mails("certificate-expiring")).as("not repeated by the next checks").hasSize(1);

        // the gauges of the latest check: on a loaded machine a probe of the 0.5 s checks may time out (up 0, no
        // certificate read, its row gone at the next refresh), so the figures are those of a refresh of a check that
        // answered, taken from one reading
        java.util.concurrent.atomic.AtomicReference<Map<String, Double>> answered = new java.util.concurrent.atomic.AtomicReference<>();
        Eventually.await(Duration.ofSeconds(20), "a refreshed check that read the certificate", () -> {
            Map<String, Double> now = metrics();
            answered.set(now);
            return Double.valueOf(1.0).equals(now.get("respaldo_veeam_up{server=\"principal\"}"))
                    && now.containsKey("respaldo_certificate_expiry_timestamp_seconds{server=\"principal\"}");
        });
        Map<String, Double> metrics = answered.get();
        assertThat(metrics.get("respaldo_certificate_expiry_timestamp_seconds{server=\"principal\"}"))
                .isCloseTo(Instant.now().plus(Duration.ofDays(10)).getEpochSecond(), within(600.0));
        assertThat(metrics.get("respaldo_veeam_up{server=\"principal\"}")).isEqualTo(1.0);
        java.util.concurrent.atomic.AtomicReference<String> health = new java.util.concurrent.atomic.AtomicReference<>("");
        Eventually.await(Duration.ofSeconds(20), "the health of a check that answered", () -> {
            health.set(Http.get(app.url("/observe/health?exposureLevel=full&data=true")).body());
            return health.get().contains("certificateNotAfter");
        });
        assertThat(health.get()).as("the readiness check of the server, with the certificate's end").contains("veeam-principal", "certificateNotAfter");
    }

    @Test
    @Order(2)
    void aRepositoryAtFivePercentFreeIsToldOnceAndAgainAfterItRecoveredAndDroppedAgain() throws Exception {
        sim.admin().setRepository("Repositorio-CD-Secundario", 4096 * 0.05, null);
        MimeMessage m = only(await("repository-low", 1));
        assertThat(m.getSubject()).startsWith("[Respaldo] REPOSITORIO CON POCO ESPACIO: Repositorio-CD-Secundario")
                .contains("5.0 % libre");
        assertThat(Mailboxes.part(m, "text/plain")).contains("ruta de almacenamiento E:\\Backups", "204.8 GB libres de 4096.0 GB",
                "menos del 10 %");
        Eventually.await(Duration.ofSeconds(10), "the free bytes in the metrics", () -> Math.abs(metrics().getOrDefault(
                "respaldo_repository_free_bytes{repository=\"Repositorio-CD-Secundario\",server=\"principal\"}", 0.0)
                - 4096 * 0.05 * GIB) < GIB);
        assertThat(metrics().get("respaldo_repository_capacity_bytes{repository=\"Repositorio-CD-Secundario\",server=\"principal\"}"))
                .isEqualTo(4096 * GIB);

        checksGoBy(4);
        assertThat(mails("repository-low")).as("one mail while it stays low").hasSize(1);

        sim.admin().setRepository("Repositorio-CD-Secundario", 4096 * 0.5, null);
        checksGoBy(3);
        sim.admin().setRepository("Repositorio-CD-Secundario", 4096 * 0.04, null);
        await("repository-low", 2);
        checksGoBy(3);
        assertThat(mails("repository-low")).as("a new condition after it recovered: one more mail").hasSize(2);
        assertThat(mails("certificate-expiring")).hasSize(1);
    }

    @Test
    @Order(3)
    void aRestartDoesNotTellAgain() throws Exception {
        int before = mails("repository-low").size();
        app.close();
        app = RespaldoApp.start(DATA.resolve("app"), PORT, props());
        checksGoBy(4);
        assertThat(mails("certificate-expiring")).as("the once-key is in the database").hasSize(1);
        assertThat(mails("repository-low")).as("the same episode: its start is in the database").hasSize(before);
    }

    // ------------------------------------------------------------------ helpers

    private void checksGoBy(int n) {
        long before = sim.admin().count("GET /api/v1/backupInfrastructure/repositories/states");
        Eventually.await(Duration.ofSeconds(20), n + " more checks", () -> sim.admin().count(
                "GET /api/v1/backupInfrastructure/repositories/states") >= before + n);
        // the last one's mail (if any) reaches the mailbox
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<MimeMessage> await(String event, int count) {
        Eventually.await(Duration.ofSeconds(20), count + " " + event + " mail(s) over IMAP", () -> mails(event).size() >= count);
        return mails(event);
    }

    /** The fallback address's mails of an event, read over IMAP. */
    private List<MimeMessage> mails(String event) {
        List<MimeMessage> out = new ArrayList<>();
        try {
            for (MimeMessage m : Mailboxes.imap(IMAP, OPERATIONS)) {
                String[] ev = m.getHeader("X-Respaldo-Event");
                if (ev != null && ev[0].equals(event)) {
                    out.add(m);
                }
            }
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static MimeMessage only(List<MimeMessage> mails) {
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }

    /** The scrape as "name{labels}" → value. */
    private Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : Http.get(app.url("/observe/metrics")).body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }
}
