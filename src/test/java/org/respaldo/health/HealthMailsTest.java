package org.respaldo.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.respaldo.notify.MimeMail;
import org.respaldo.outbox.Mail;

/** The two health mails as the fallback address reads them, in Spanish (default) and English. */
class HealthMailsTest {

    static final ZoneId GT = ZoneId.of("America/Guatemala");
    static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");
    static final double GIB = 1024.0 * 1024 * 1024;

    static ServerHealth health() {
        return new ServerHealth("principal", NOW, true, true, true, "1.3-rev1", "13.0.1.180", NOW.plus(Duration.ofDays(10)),
                "AB".repeat(32), "CN=Veeam Backup Server Certificate", List.of(new ServerHealth.Repository("Repositorio-CD-Local",
                        "D:\\Backups", Math.round(8192 * GIB), Math.round(409.6 * GIB), true)), null);
    }

    @Test
    void certificateExpiringInSpanish() throws Exception {
        Mail m = new HealthMails("es", GT).certificateExpiring("ops@mineco.local", health(), "srv-veeam01:9419", Duration.ofDays(30), NOW);
        assertThat(m.event()).isEqualTo("certificate-expiring");
        assertThat(m.to()).containsExactly("ops@mineco.local");
        assertThat(m.subject()).isEqualTo("[Respaldo] CERTIFICADO POR VENCER: servidor de Veeam principal (vence el 2026-12-11)");
        assertThat(m.text()).contains("vence el 2026-12-11 12:00 (America/Guatemala), dentro de 10 día(s)",
                "credenciales de usuario (paso 4", "srv-veeam01:9419", "respaldo.veeam.principal.thumbprint", "AB".repeat(32));
        assertThat(m.headers()).containsEntry("X-Respaldo-Event", "certificate-expiring").containsEntry(HealthMails.SERVER_HEADER,
                "principal");
        MimeMessage mime = new MimeMail("respaldo@mineco.local").toMime(m);
        assertThat(mime.getHeader("X-Respaldo-Event")[0]).isEqualTo("certificate-expiring");
    }

    @Test
    void repositoryLowInEnglish() {
        ServerHealth.Repository r = health().repositories().get(0);
        Mail m = new HealthMails("en", GT).repositoryLow("ops@mineco.local", "principal", r, 10, NOW);
        assertThat(m.event()).isEqualTo("repository-low");
        assertThat(m.subject()).isEqualTo("[Respaldo] REPOSITORY LOW ON SPACE: Repositorio-CD-Local (server principal, 5.0 % free)");
        assertThat(m.text()).contains("409.6 GB free of 8192.0 GB (5.0 %), less than 10 %", "storage path D:\\Backups",
                "Below 10 % since: 2026-12-01 12:00");
        assertThat(m.html()).contains("<html lang=\"en\">").doesNotContain("<script");
    }

    @Test
    void repositoryLowInSpanishByDefault() {
        ServerHealth.Repository r = health().repositories().get(0);
        Mail m = new HealthMails("fr", GT).repositoryLow("ops@mineco.local", "principal", r, 10, NOW);
        assertThat(m.subject()).startsWith("[Respaldo] REPOSITORIO CON POCO ESPACIO: Repositorio-CD-Local");
        assertThat(m.text()).contains("ruta de almacenamiento D:\\Backups, en el servidor local del Centro de Datos",
                "409.6 GB libres de 8192.0 GB (5.0 %), menos del 10 %");
    }
}
