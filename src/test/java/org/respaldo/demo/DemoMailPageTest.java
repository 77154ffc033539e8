package org.respaldo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Http;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;

/**
 * The demo as {@code make run} starts it: the embedded mail server receives the acceptance of
 * the example schedule, the page at /demo/mail lists and shows it, and the Director's mailbox
 * can be read over IMAP with the address as login and password.
 */
@CamelMainTest(properties = {
    "respaldo.profile=test",
    // no daily digest in the middle of what this test counts (a run near 07:00 Guatemala time would get one)
    "respaldo.digest.enabled=false",
    "respaldo.demo.enabled=true",
    "respaldo.demo.mail.smtp-port={{sys:respaldo.test.port.demo-smtp}}",
    "respaldo.demo.mail.imap-port={{sys:respaldo.test.port.demo-imap}}",
    "respaldo.mail.fallback-address=director@mineco.local",
    "respaldo.data-dir=target/it/demo-mail",
    "respaldo.http.port={{sys:respaldo.test.port.demo-http}}",
    "respaldo.intake.min-age-ms=300",
    "respaldo.intake.poll-delay-ms=100",
    "respaldo.veeam.principal.url=https://127.0.0.1:{{sys:respaldo.test.port.demo-veeam}}",
    "respaldo.veeam.principal.username=respaldo"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoMailPageTest {

    static final int SMTP = Ports.reserve("demo-smtp");
    static final int IMAP = Ports.reserve("demo-imap");
    static final int HTTP = Ports.reserve("demo-http");
    static final int VEEAM = Ports.reserve("demo-veeam");
    static final String PAGE = "http://127.0.0.1:" + HTTP + "/demo/mail";
    static final String SUBJECT = "[Respaldo] Programación ACEPTADA: Demostración: backup de las bases de datos del Centro de Datos (demo-respaldo-bd) v1";

    @BeanInject("demoMailServer")
    DemoMailServer mail;

    @BeforeAll
    static void cleanDataDir() {
        ScheduleFiles.deleteTree(Path.of("target/it/demo-mail"));
    }

    @Test
    void thePageListsTheAcceptanceOfTheExampleScheduleAndShowsIt() {
        Eventually.await(Duration.ofSeconds(20), "the acceptance mail listed on " + PAGE,
                () -> Http.get(PAGE).body().contains("demo-respaldo-bd"));
        Http.Answer list = Http.get(PAGE);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("text/html");
        assertThat(list.body()).contains(SUBJECT, "director@mineco.local", "accepted", "IMAP 127.0.0.1:" + IMAP);

        Matcher link = Pattern.compile("href=\"/demo/mail/([0-9a-f]{16})\"").matcher(list.body());
        assertThat(link.find()).isTrue();
        Http.Answer one = Http.get(PAGE + "/" + link.group(1));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).contains(SUBJECT, "X-Respaldo-Schedule", "demo-respaldo-bd", "Texto / plain text",
                "Ruta de almacenamiento: D:\\Backups", "<iframe sandbox=\"\"", "respaldo@localhost");

        assertThat(Http.get(PAGE + "/0000000000000000").status()).isEqualTo(404);
    }

    @Test
    void eachDemoMailboxIsReadableOverImapWithTheAddressAsLoginAndPassword() throws Exception {
        Eventually.await(Duration.ofSeconds(20), "the Director's mailbox has the acceptance", () -> {
            try {
                return subjects("director@mineco.local").contains(SUBJECT);
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(subjects("tecnico1@mineco.local")).isEmpty();
    }

    @Test
    void theBannerSaysWhereToReadTheMail() {
        String banner = DemoConfiguration.banner(Path.of("data"), "http://127.0.0.1:8080", Path.of("demo-respaldo-bd.yaml"),
                ZonedDateTime.now(DemoSchedule.ZONE), mail);
        assertThat(banner).contains("http://127.0.0.1:8080/demo/mail", "IMAP 127.0.0.1:" + IMAP,
                "login and password = the address", "director@mineco.local, tecnico1@mineco.local, tecnico2@mineco.local",
                "SMTP 127.0.0.1:" + SMTP);
    }

    private static java.util.List<String> subjects(String address) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", IMAP, address, address);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            java.util.List<String> result = new java.util.ArrayList<>();
            for (Message m : inbox.getMessages()) {
                result.add(m.getSubject());
            }
            inbox.close(false);
            return result;
        } finally {
            store.close();
        }
    }
}
