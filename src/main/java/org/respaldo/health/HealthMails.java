package org.respaldo.health;

import static org.respaldo.text.Texts.t;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.respaldo.notify.MailBody;
import org.respaldo.outbox.Mail;

/**
 * The Veeam server health mails to {@code respaldo.mail.fallback-address}: a certificate about to
 * expire ({@code certificate-expiring}) and a repository short of free space ({@code repository-low}).
 * Spanish by default, English with {@code respaldo.veeam.health-language = en}; the words are the
 * manual's (ME-DS-TI-MNP-12): the "aplicación VEEAM BACKUP", the "credenciales de usuario" of step 4, the
 * "ruta de almacenamiento" of step 5, the "servidor local del Centro de Datos" of step 6.
 */
public final class HealthMails {

    public static final String CERTIFICATE_EXPIRING = "certificate-expiring";
    public static final String REPOSITORY_LOW = "repository-low";
    public static final String SERVER_HEADER = "X-Respaldo-Veeam-Server";

    private static final String PREFIX = "[Respaldo] ";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final String language;
    private final ZoneId zone;

    public HealthMails(String language, ZoneId zone) {
        this.language = "en".equalsIgnoreCase(language) ? "en" : "es";
        this.zone = zone;
    }

    public String language() {
        return language;
    }

    /** The certificate the server presents ends within the warning period. */
    public Mail certificateExpiring(String to, ServerHealth h, String address, Duration warning, Instant now) {
        String l = language;
        long days = Math.max(0, Duration.between(now, h.certificateNotAfter()).toDays());
        String ends = h.certificateNotAfter().atZone(zone).format(WHEN) + " (" + zone.getId() + ")";
        String subject = PREFIX + t(l, "CERTIFICADO POR VENCER: servidor de Veeam " + h.server() + " (vence el ",
                "CERTIFICATE EXPIRING: Veeam server " + h.server() + " (expires ") + h.certificateNotAfter().atZone(zone).format(DAY) + ")";
        MailBody b = new MailBody(l, subject)
                .banner(t(l, "CERTIFICADO POR VENCER", "CERTIFICATE EXPIRING"), MailBody.WARNING_COLOR)
                .heading(t(l, "El certificado del servidor de VEEAM BACKUP vence pronto",
                        "The VEEAM BACKUP server's certificate expires soon"))
                .para(t(l, "El certificado TLS que presenta el servidor de la aplicación VEEAM BACKUP «" + h.server() + "» vence el "
                                + ends + ", dentro de " + days + " día(s). Cuando venza, Respaldo no podrá acceder a la aplicación"
                                + " VEEAM BACKUP ni ingresar las credenciales de usuario (paso 4 del procedimiento ME-DS-TI-MNP-12),"
                                + " y los backups programados en ese servidor no se ejecutarán.",
                        "The TLS certificate presented by the VEEAM BACKUP server \"" + h.server() + "\" expires " + ends + ", in "
                                + days + " day(s). Once it has expired Respaldo cannot access VEEAM BACKUP nor enter its user"
                                + " credentials (step 4 of procedure ME-DS-TI-MNP-12), and the backups scheduled on that server"
                                + " will not run."));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {t(l, "Servidor", "Server"), h.server()});
        rows.add(new String[] {t(l, "Dirección", "Address"), address});
        rows.add(new String[] {t(l, "Vence", "Expires"), ends});
        rows.add(new String[] {t(l, "Días restantes", "Days left"), String.valueOf(days)});
        if (h.certificateSubject() != null) {
            rows.add(new String[] {t(l, "Sujeto", "Subject"), h.certificateSubject()});
        }
        if (h.certificateSha256() != null) {
            rows.add(new String[] {t(l, "Huella SHA-256", "SHA-256 thumbprint"), h.certificateSha256()});
        }
        b.fields(rows)
                .para(t(l, "Qué hacer: renueve el certificado en el servidor de Veeam (consola de Veeam Backup & Replication,"
                                + " o Add-VBRBackupServerCertificate) y, si Respaldo confía en ese certificado en particular,"
                                + " actualice respaldo.veeam." + h.server() + ".thumbprint o respaldo.veeam." + h.server()
                                + ".truststore (veeam-check --server " + h.server() + " muestra la huella nueva).",
                        "What to do: renew the certificate on the Veeam server (Veeam Backup & Replication console, or"
                                + " Add-VBRBackupServerCertificate) and, if Respaldo trusts that very certificate, update"
                                + " respaldo.veeam." + h.server() + ".thumbprint or respaldo.veeam." + h.server()
                                + ".truststore (veeam-check --server " + h.server() + " shows the new thumbprint)."))
                .footer(t(l, "Respaldo avisa una sola vez por certificado (límite: " + warning.toDays() + " días antes del vencimiento).",
                        "Respaldo sends this once per certificate (threshold: " + warning.toDays() + " days before it expires)."));
        return new Mail(CERTIFICATE_EXPIRING, List.of(to), subject, b.text(), b.html(), headers(CERTIFICATE_EXPIRING, h.server()),
                List.of());
    }

    /** A repository's free space is below the threshold (percent of its capacity). */
    public Mail repositoryLow(String to, String server, ServerHealth.Repository r, double thresholdPercent, Instant since) {
        String l = language;
        String pct = String.format(Locale.ROOT, "%.1f", r.freePercent());
        String free = gb(r.freeBytes());
        String capacity = gb(r.capacityBytes());
        String subject = PREFIX + t(l, "REPOSITORIO CON POCO ESPACIO: ", "REPOSITORY LOW ON SPACE: ") + r.name() + " ("
                + t(l, "servidor ", "server ") + server + ", " + pct + " % " + t(l, "libre", "free") + ")";
        String threshold = String.format(Locale.ROOT, "%.0f", thresholdPercent);
        MailBody b = new MailBody(l, subject)
                .banner(t(l, "REPOSITORIO CON POCO ESPACIO", "REPOSITORY LOW ON SPACE"), MailBody.WARNING_COLOR)
                .heading(t(l, "Queda poco espacio en un repositorio de VEEAM BACKUP", "A VEEAM BACKUP repository is running out of space"))
                .para(t(l, "El repositorio «" + r.name() + "» del servidor de VEEAM BACKUP «" + server + "» (ruta de almacenamiento "
                                + r.path() + ", en el servidor local del Centro de Datos) tiene " + free + " libres de " + capacity
                                + " (" + pct + " %), menos del " + threshold + " %. Los backups que almacenan la información en él"
                                + " (paso 6 del procedimiento ME-DS-TI-MNP-12) pueden fallar por falta de espacio.",
                        "Repository \"" + r.name() + "\" of the VEEAM BACKUP server \"" + server + "\" (storage path " + r.path()
                                + ", on the data center's local server) has " + free + " free of " + capacity + " (" + pct
                                + " %), less than " + threshold + " %. The backups that store their data there (step 6 of"
                                + " procedure ME-DS-TI-MNP-12) may fail for lack of space."));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {t(l, "Servidor", "Server"), server});
        rows.add(new String[] {t(l, "Repositorio", "Repository"), r.name()});
        rows.add(new String[] {t(l, "Ruta de almacenamiento", "Storage path"), r.path() == null ? "" : r.path()});
        rows.add(new String[] {t(l, "Libre", "Free"), free + " (" + pct + " %)"});
        rows.add(new String[] {t(l, "Capacidad", "Capacity"), capacity});
        rows.add(new String[] {t(l, "Por debajo del " + threshold + " % desde", "Below " + threshold + " % since"),
                since.atZone(zone).format(WHEN) + " (" + zone.getId() + ")"});
        b.fields(rows)
                .para(t(l, "Qué hacer: libere espacio (revise la retención de los trabajos y las copias antiguas) o amplíe el"
                                + " repositorio antes de la próxima ejecución.",
                        "What to do: free space (check the jobs' retention and old backups) or extend the repository before"
                                + " the next run."))
                .footer(t(l, "Respaldo avisa una sola vez mientras el repositorio siga por debajo del " + threshold
                                + " %; si se recupera y vuelve a bajar, avisa de nuevo.",
                        "Respaldo sends this once while the repository stays below " + threshold
                                + " %; if it recovers and drops again, it tells again."));
        return new Mail(REPOSITORY_LOW, List.of(to), subject, b.text(), b.html(), headers(REPOSITORY_LOW, server), List.of());
    }

    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }

    private static Map<String, String> headers(String event, String server) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Mail.EVENT_HEADER, event);
        h.put(SERVER_HEADER, server);
        return h;
    }
}
