package org.respaldo.notify;

import org.respaldo.outbox.Mail;
import org.respaldo.outbox.Outbox;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.respaldo.testing.ScheduleFiles.drop;
import static org.respaldo.testing.ScheduleFiles.find;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.run.Run;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.ScheduleFiles;

/**
 * The whole application sending real mail to a real SMTP server (GreenMail), read back the
 * way a recipient reads it: over IMAP, with both parts, the headers and the attachment.
 */
@CamelMainTest(properties = {
    "respaldo.profile=test",
    // no daily digest in the middle of what this test counts (a run near 07:00 Guatemala time would get one)
    "respaldo.digest.enabled=false",
    "respaldo.data-dir=target/it/notify-app",
    "respaldo.http.port={{sys:respaldo.test.port.notify-app-http}}",
    "respaldo.intake.min-age-ms=300",
    "respaldo.intake.poll-delay-ms=100",
    "respaldo.veeam.principal.url=https://127.0.0.1:9419",
    "respaldo.veeam.principal.username=respaldo",
    "respaldo.mail.host=127.0.0.1",
    "respaldo.mail.port={{sys:respaldo.test.port.notify-app-smtp}}",
    "respaldo.mail.timeout-ms=3000",
    "respaldo.mail.from=respaldo@mineco.gob.gt",
    "respaldo.mail.fallback-address=mesa.ti@mineco.gob.gt",
    "respaldo.mail.retry.initial-delay=PT1S",
    "respaldo.mail.retry.max-delay=PT2S",
    "respaldo.mail.outbox-poll-ms=200"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifyApplicationTest {

    static final int SMTP = Ports.reserve("notify-app-smtp");
    static final int HTTP = Ports.reserve("notify-app-http");
    static final int IMAP = Ports.reserve("notify-app-imap");
    static final Path DATA = Path.of("target/it/notify-app");
    static final Path INBOX = DATA.resolve("inbox");
    static final Duration WAIT = Duration.ofSeconds(15);

    GreenMail mail;

    @BeanInject("outbox")
    Outbox outbox;

    @BeforeAll
    void startMailServer() {
        ScheduleFiles.deleteTree(DATA);
        mail = Mailboxes.start(SMTP, IMAP);
    }

    @AfterAll
    void stopMailServer() {
        mail.stop();
    }

    @Test
    void aConclusionMailArrivesAsPlainTextAndHtmlWithItsHeadersAndTheReportAttached() throws Exception {
        Run run = MailFixtures.run(Run.Result.WARNING, List.of(), List.of(
                MailFixtures.job("BD-SQLServer-Produccion", Run.JobResult.WARNING, 0, 3, "Disco <casi> lleno"),
                MailFixtures.job("BD-Oracle-SIAF", Run.JobResult.SUCCESS, 4, 2, "ok")));
        Mail composed = new MailComposer().concluded(MailFixtures.schedule("es", List.of("tecnico1@mineco.gob.gt")), run, null,
                MailFixtures.report());

        long id = outbox.enqueue(composed);

        Eventually.await(WAIT, "the Director's mailbox has the mail", () -> {
            try {
                return Mailboxes.imap(IMAP, "director.ti@mineco.gob.gt").size() == 1;
            } catch (MessagingException e) {
                return false;
            }
        });
        MimeMessage m = Mailboxes.imap(IMAP, "director.ti@mineco.gob.gt").get(0);
        assertThat(m.getSubject()).isEqualTo(composed.subject()).startsWith("[Respaldo] ADVERTENCIA: ");
        assertThat(addresses(m.getFrom())).containsExactly("respaldo@mineco.gob.gt");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO)))
                .containsExactly("director.ti@mineco.gob.gt", "tecnico1@mineco.gob.gt");
        assertThat(m.getHeader("X-Respaldo-Event", null)).isEqualTo("warning");
        assertThat(m.getHeader("X-Respaldo-Schedule", null)).isEqualTo("respaldo-nocturno-bd");
        assertThat(m.getHeader("X-Respaldo-Run", null)).isEqualTo(MailFixtures.RUN_ID);
        assertThat(m.getHeader("RespaldoMail")).as("no exchange header leaks into the mail").isNull();

        assertThat(m.isMimeType("multipart/mixed")).isTrue();
        Multipart mixed = (Multipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        BodyPart body = mixed.getBodyPart(0);
        assertThat(body.isMimeType("multipart/alternative")).isTrue();
        Multipart alternative = (Multipart) body.getContent();
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) alternative.getBodyPart(0).getContent()).contains("BD-SQLServer-Produccion", "Advertencia",
                "Disco <casi> lleno", "Ruta de almacenamiento: D:\\Backups");
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("Disco &lt;casi&gt; lleno", "BD-Oracle-SIAF");

        BodyPart report = mixed.getBodyPart(1);
        assertThat(report.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(report.getFileName()).isEqualTo(MailFixtures.RUN_ID + ".json");
        assertThat(report.isMimeType("application/json")).isTrue();
        try (InputStream in = report.getInputStream()) {
            assertThat(new ObjectMapper().readTree(in).get("id").asText()).isEqualTo(MailFixtures.RUN_ID);
        }
        assertThat(Mailboxes.imap(IMAP, "tecnico1@mineco.gob.gt")).hasSize(1);

        Eventually.await(WAIT, "recorded as sent", () -> outbox.get(id).orElseThrow().status() == Outbox.Status.SENT);
        Outbox.Entry row = outbox.get(id).orElseThrow();
        assertThat(row.event()).isEqualTo("warning");
        assertThat(row.scheduleId()).isEqualTo("respaldo-nocturno-bd");
        assertThat(row.runId()).isEqualTo(MailFixtures.RUN_ID);
        assertThat(row.recipients()).containsExactly("director.ti@mineco.gob.gt", "tecnico1@mineco.gob.gt");
        assertThat(row.subject()).isEqualTo(composed.subject());
        assertThat(row.messageId()).as("the outbox row's own Message-ID").isEqualTo(m.getMessageID());
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).isNull();
    }

    @Test
    void whenTheSmtpServerIsDownMailWaitsInTheOutboxAndArrivesOnceWithItsMessageIdWhenItIsBack() throws Exception {
        mail.stop();
        long id;
        try {
            Run run = MailFixtures.run("run-smtp-down", Run.Trigger.SCHEDULE, Run.Result.FAILED, List.of("Veeam no responde"),
                    List.of());
            id = outbox.enqueue(new MailComposer().concluded(MailFixtures.schedule("es", List.of()), run, null, null));
            Eventually.await(WAIT, "two failed attempts recorded", () -> outbox.get(id).orElseThrow().attempts() >= 2);
            Outbox.Entry waiting = outbox.get(id).orElseThrow();
            assertThat(waiting.status()).isEqualTo(Outbox.Status.PENDING);
            assertThat(waiting.lastError()).contains("127.0.0.1", String.valueOf(SMTP));
            assertThat(waiting.nextAttemptAt()).isNotNull();

            drop(INBOX, "sin-correo.yaml", ScheduleFiles.nightly("sin-correo", "Llega sin servidor de correo"));
            Eventually.await(WAIT, "archived", () -> find(INBOX.resolve(".accepted/sin-correo"), "-sin-correo.yaml").size() == 1);
            Eventually.await(WAIT, "the acceptance mail waits in the outbox", () -> outbox.forSchedule("sin-correo").size() == 1);
            assertThat(outbox.forSchedule("sin-correo").get(0).status()).isEqualTo(Outbox.Status.PENDING);
            assertThat(outbox.forSchedule("sin-correo").get(0).event()).isEqualTo("accepted");
            assertThat(find(INBOX.resolve(".failed"), "sin-correo.yaml")).isEmpty();
        } finally {
            mail = Mailboxes.start(SMTP, IMAP);
        }
        Eventually.await(WAIT, "delivered once the SMTP server is back", () -> outbox.get(id).orElseThrow().status() == Outbox.Status.SENT
                && outbox.forSchedule("sin-correo").get(0).status() == Outbox.Status.SENT);
        String messageId = outbox.get(id).orElseThrow().messageId();
        Thread.sleep(1500);
        List<MimeMessage> copies = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (messageId.equals(m.getMessageID())) {
                copies.add(m);
            }
        }
        assertThat(copies).as("one copy for the one recipient: sent once").hasSize(1);
        assertThat(Mailboxes.withSubject(mail, "(sin-correo) v1")).hasSize(1);
    }

    @Test
    void anAcceptedScheduleIsConfirmedToItsOwner() throws Exception {
        drop(INBOX, "aceptada.yaml", ScheduleFiles.nightly("aceptada", "Respaldo <nocturno> aceptado"));
        Eventually.await(WAIT, "the acceptance mail", () -> !Mailboxes.withSubject(mail, "(aceptada) v1").isEmpty());
        MimeMessage m = Mailboxes.withSubject(mail, "(aceptada) v1").get(0);
        assertThat(m.getSubject()).isEqualTo("[Respaldo] Programación ACEPTADA: Respaldo <nocturno> aceptado (aceptada) v1");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("director@mineco.gob.gt");
        assertThat(m.getHeader("X-Respaldo-Event", null)).isEqualTo("accepted");
        assertThat(m.getHeader("X-Respaldo-Schedule", null)).isEqualTo("aceptada");
        assertThat(m.getHeader("X-Respaldo-Run")).isNull();
        String text = part(m, "text/plain");
        assertThat(text).contains("Próxima ejecución: ", "23:00:00 (America/Guatemala)", "Ruta de almacenamiento: D:\\Backups",
                "Técnicos: tecnico1@mineco.gob.gt");
        assertThat(part(m, "text/html")).contains("Respaldo &lt;nocturno&gt; aceptado").doesNotContain("<nocturno>");
        assertThat(find(INBOX.resolve(".accepted/aceptada"), "-aceptada.yaml")).hasSize(1);
        Eventually.await(WAIT, "recorded as sent", () -> outbox.forSchedule("aceptada").stream()
                .anyMatch(e -> e.status() == Outbox.Status.SENT && e.event().equals("accepted")));
    }

    @Test
    void aRejectedFileIsExplainedToItsOwnerInBothLanguages() throws Exception {
        String bad = ScheduleFiles.nightly("rechazada", "Rechazada").replace("end: \"02:00\"", "end: \"25:00\"");
        drop(INBOX, "rechazada.yaml", bad);
        Eventually.await(WAIT, "the rejection mail", () -> !Mailboxes.withSubject(mail, "REJECTED: rechazada.yaml").isEmpty());
        MimeMessage m = Mailboxes.withSubject(mail, "REJECTED: rechazada.yaml").get(0);
        assertThat(m.getSubject()).isEqualTo("[Respaldo] Programación RECHAZADA / Schedule REJECTED: rechazada.yaml");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("director@mineco.gob.gt");
        assertThat(m.getHeader("X-Respaldo-Event", null)).isEqualTo("rejected");
        assertThat(part(m, "text/plain")).contains("window.end", "Respaldo rechazó", "Respaldo rejected", "1 problema(s)");
        assertThat(find(INBOX.resolve(".rejected"), "-rechazada.yaml")).hasSize(1);
    }

    @Test
    void aRejectedFileWithoutAReadableOwnerGoesToTheFallbackAddress() throws Exception {
        String bad = ScheduleFiles.nightly("sin-dueno", "Sin dueño").replace("owner: director@mineco.gob.gt", "owner: nadie");
        drop(INBOX, "sin-dueno.yaml", bad);
        Eventually.await(WAIT, "the rejection mail", () -> !Mailboxes.withSubject(mail, "REJECTED: sin-dueno.yaml").isEmpty());
        MimeMessage m = Mailboxes.withSubject(mail, "REJECTED: sin-dueno.yaml").get(0);
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("mesa.ti@mineco.gob.gt");
        assertThat(part(m, "text/plain")).contains("owner", "respaldo.mail.fallback-address");
        assertThat(Mailboxes.imap(IMAP, "mesa.ti@mineco.gob.gt")).extracting(MimeMessage::getSubject)
                .contains("[Respaldo] Programación RECHAZADA / Schedule REJECTED: sin-dueno.yaml");
    }

    private static List<String> addresses(Address[] addresses) {
        return java.util.Arrays.stream(addresses).map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress()).toList();
    }

    /** The first part of the given type anywhere in the message. */
    static String part(Part p, String type) throws Exception {
        return Mailboxes.part(p, type);
    }
}
