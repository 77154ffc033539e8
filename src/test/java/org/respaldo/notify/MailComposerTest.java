package org.respaldo.notify;

import org.respaldo.outbox.Mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.respaldo.notify.MailFixtures.GUATEMALA;
import static org.respaldo.notify.MailFixtures.RUN_ID;
import static org.respaldo.notify.MailFixtures.job;
import static org.respaldo.notify.MailFixtures.run;
import static org.respaldo.notify.MailFixtures.schedule;

import java.time.ZonedDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.respaldo.run.Run;
import org.respaldo.schedule.Problem;
import org.respaldo.schedule.Schedule;

/** Every mail in Spanish and English, read the way its recipient reads it. */
class MailComposerTest {

    static final List<String> TECHS = List.of("tecnico1@mineco.gob.gt", "tecnico2@mineco.gob.gt");
    static final ZonedDateTime NEXT = ZonedDateTime.of(2026, 11, 24, 23, 0, 0, 0, GUATEMALA);

    final MailComposer composer = new MailComposer();

    @Test
    void acceptedInSpanishGoesToTheOwnerWithTheNextRunAndTheWarnings() {
        Mail m = composer.accepted(MailFixtures.active(schedule("es", TECHS)),
                List.of("Veeam no respondió: los trabajos no se pudieron comprobar"), NEXT);
        assertThat(m.event()).isEqualTo("accepted");
        assertThat(m.to()).containsExactly("operaciones.ti@mineco.gob.gt");
        assertThat(m.subject()).isEqualTo("[Respaldo] Programación ACEPTADA: Backup nocturno de las bases de datos (respaldo-nocturno-bd) v3");
        assertThat(m.headers()).containsEntry("X-Respaldo-Event", "accepted").containsEntry("X-Respaldo-Schedule", "respaldo-nocturno-bd")
                .doesNotContainKey("X-Respaldo-Run");
        assertThat(m.text()).contains("Próxima ejecución: 2026-11-24 23:00:00 (America/Guatemala)",
                "Ventana de tiempo: 22:00–04:00 (America/Guatemala, cruza la medianoche)",
                "Ruta de almacenamiento: D:\\Backups", "Repositorio: Repositorio-CD-Local",
                "Director de Tecnologías de la Información: director.ti@mineco.gob.gt",
                "Advertencias:", "Veeam no respondió", "versión 4", "recibido el 2026-11-23 10:30:00 (America/Guatemala)");
        assertThat(m.html()).contains("<html lang=\"es\">", "Advertencias", "D:\\Backups");
        assertThat(m.attachments()).isEmpty();
    }

    @Test
    void acceptedInEnglishAndWithoutANextRun() {
        Mail m = composer.accepted(MailFixtures.active(schedule("en", List.of())), List.of(), null);
        assertThat(m.subject()).isEqualTo("[Respaldo] Schedule ACCEPTED: Backup nocturno de las bases de datos (respaldo-nocturno-bd) v3");
        assertThat(m.text()).contains("Next run: none scheduled", "Time window: 22:00–04:00 (America/Guatemala, crosses midnight)",
                "Technicians: none").doesNotContain("Warnings");
        assertThat(m.html()).contains("<html lang=\"en\">");
    }

    @Test
    void rejectedGoesToTheOwnerInBothLanguagesListingEveryProblem() {
        List<Problem> problems = List.of(Problem.at("window.end", "«25:00» no es una hora HH:MM", "\"25:00\" is not a time HH:MM"),
                Problem.syntax(4, 7, "falta cerrar <script>", "unclosed <script>"));
        Mail m = composer.rejected("diario-malo.yaml", "director@mineco.gob.gt", problems, "mesa.ti@mineco.gob.gt");
        assertThat(m.event()).isEqualTo("rejected");
        assertThat(m.to()).containsExactly("director@mineco.gob.gt");
        assertThat(m.subject()).isEqualTo("[Respaldo] Programación RECHAZADA / Schedule REJECTED: diario-malo.yaml");
        assertThat(m.headers()).containsOnlyKeys("X-Respaldo-Event");
        assertThat(m.text()).contains("Respaldo rechazó la programación", "Respaldo rejected the schedule file", "2 problema(s)",
                "window.end", "«25:00» no es una hora HH:MM", "\"25:00\" is not a time HH:MM", "línea/line 4, columna/column 7",
                "déjelo de nuevo en la bandeja de entrada", "drop it into the inbox again")
                .doesNotContain("fallback-address");
        assertThat(m.html()).contains("falta cerrar &lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void rejectedWithoutAReadableOwnerGoesToTheFallbackAndWithNeitherToNobody() {
        List<Problem> problems = List.of(Problem.at("owner", "no es un correo", "not an e-mail address"));
        Mail m = composer.rejected("x.yaml", null, problems, "mesa.ti@mineco.gob.gt");
        assertThat(m.to()).containsExactly("mesa.ti@mineco.gob.gt");
        assertThat(m.text()).contains("respaldo.mail.fallback-address", "no readable owner");
        assertThat(composer.rejected("x.yaml", null, problems, null)).isNull();
    }

    @Test
    void aFileNameWithALineBreakNeverBreaksTheSubject() {
        Mail m = composer.rejected("malo\r\nBcc: x@y.z.yaml", "a@b.cd", List.of(), null);
        assertThat(m.subject()).doesNotContain("\r", "\n").endsWith("malo\\r\\nBcc: x@y.z.yaml");
        assertThat(m.text()).doesNotContain("malo\r").contains("«malo\\r\\nBcc: x@y.z.yaml»");
    }

    @Test
    void startedGivesTheTechniciansTheirInstructions() {
        Mail m = composer.started(schedule("es", TECHS), MailFixtures.started());
        assertThat(m.event()).isEqualTo("started");
        assertThat(m.to()).containsExactlyElementsOf(TECHS);
        assertThat(m.subject()).isEqualTo("[Respaldo] INICIO: Backup nocturno de las bases de datos (respaldo-nocturno-bd) — instrucciones para el técnico");
        assertThat(m.headers()).containsEntry("X-Respaldo-Event", "started").containsEntry("X-Respaldo-Run", RUN_ID)
                .containsEntry("X-Respaldo-Schedule", "respaldo-nocturno-bd");
        assertThat(m.text()).contains("traslada instrucciones al técnico", "Ejecución (run): " + RUN_ID,
                "Disparo programado: 2026-11-23 23:00:00 (America/Guatemala)", "BD-SQLServer-Produccion", "BD-Oracle-SIAF",
                "Repositorio: Repositorio-CD-Local", "Ruta de almacenamiento: D:\\Backups", "Espacio libre mínimo: 200 GB",
                "Ventana de tiempo: 22:00–04:00", "Duración máxima: 5 h 00 min 00 s", "Reintentos: 2, cada 15 min 00 s");
    }

    @Test
    void startedInEnglishAndNothingToSendWithoutTechnicians() {
        Mail m = composer.started(schedule("en", TECHS), MailFixtures.started());
        assertThat(m.subject()).isEqualTo("[Respaldo] STARTED: Backup nocturno de las bases de datos (respaldo-nocturno-bd) — instructions for the technician");
        assertThat(m.text()).contains("Storage path: D:\\Backups", "Veeam jobs: BD-SQLServer-Produccion");
        assertThat(composer.started(schedule("es", List.of()), MailFixtures.started())).isNull();
    }

    @Test
    void aMissedFireTellsTheDirectorAndTheTechniciansThatNothingRanAndWhy() {
        Run run = MailFixtures.run("run-perdida", Run.Trigger.SCHEDULE, Run.Result.MISSED,
                List.of("Respaldo no pudo disparar la ejecución a su hora: estaba detenido"), List.of());
        Mail m = composer.missed(schedule("es", TECHS), run, NEXT);
        assertThat(m.event()).isEqualTo("missed");
        assertThat(m.headers()).containsEntry(Mail.EVENT_HEADER, "missed").containsEntry(Mail.RUN_HEADER, "run-perdida");
        assertThat(m.subject()).startsWith("[Respaldo] PERDIDA: Backup nocturno de las bases de datos (respaldo-nocturno-bd), 2026-11-23 23:00");
        assertThat(m.to()).containsExactly("director.ti@mineco.gob.gt", "tecnico1@mineco.gob.gt", "tecnico2@mineco.gob.gt");
        assertThat(m.text()).contains("NO se ejecutó", "estaba detenido", "misfire: run", "Próxima ejecución programada");
        Mail en = composer.missed(schedule("en", TECHS), run, null);
        assertThat(en.subject()).startsWith("[Respaldo] MISSED: ");
        assertThat(en.text()).contains("did NOT run", "none (the schedule has no further fire times)");
    }

    @Test
    void theConclusionMailLinksToTheRunsPageInTheConsoleWhenItsAddressIsSet() {
        Run run = MailFixtures.run("run-enlace", Run.Trigger.MANUAL, Run.Result.SUCCESS, List.of(),
                List.of(job("BD-Oracle-SIAF", Run.JobResult.SUCCESS, 0, 3, null)));
        Mail linked = new MailComposer("https://respaldo.mineco.local/").concluded(schedule("es", TECHS), run, NEXT, null);
        assertThat(linked.text()).contains("En la consola (conformidad): https://respaldo.mineco.local/ejecuciones/run-enlace");
        assertThat(linked.html()).contains("https://respaldo.mineco.local/ejecuciones/run-enlace");
        assertThat(composer.concluded(schedule("es", TECHS), run, NEXT, null).text()).doesNotContain("En la consola");
    }

    @Test
    void aJobWhoseStateIsUnknownSaysSoAndALateRunSaysItsTrigger() {
        Run run = MailFixtures.run("run-tarde", Run.Trigger.MISSED, Run.Result.FAILED, List.of("1 trabajo(s) en estado desconocido"),
                List.of(job("BD-Oracle-SIAF", Run.JobResult.UNKNOWN, 0, 3, "estado desconocido: Veeam no responde")));
        Mail m = composer.concluded(schedule("es", TECHS), run, NEXT, null);
        assertThat(m.text()).contains("Estado desconocido", "estado desconocido: Veeam no responde", "Origen: tardía, tras un disparo perdido");
        assertThat(m.event()).isEqualTo("failed");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "es, SUCCESS, succeeded, ÉXITO, Éxito",
        "es, WARNING, warning, ADVERTENCIA, Advertencia",
        "es, FAILED, failed, FALLO, Fallo",
        "es, SKIPPED, skipped, OMITIDO, No iniciado",
        "en, SUCCESS, succeeded, SUCCESS, Success",
        "en, WARNING, warning, WARNING, Warning",
        "en, FAILED, failed, FAILED, Failed",
        "en, SKIPPED, skipped, SKIPPED, Not started"})
    void concludedTellsTheDirectorAndTheTechniciansHowItWent(String lang, Run.Result result, String event, String words,
            String firstJobWords) throws Exception {
        Run.JobResult first = switch (result) {
            case SUCCESS -> Run.JobResult.SUCCESS;
            case WARNING -> Run.JobResult.WARNING;
            case FAILED -> Run.JobResult.FAILED;
            case SKIPPED, MISSED -> Run.JobResult.NOT_STARTED;
        };
        List<String> reasons = result == Run.Result.SKIPPED ? List.of("El repositorio tiene 12 GB libres; se requieren 200 GB")
                : List.of();
        Run run = run(result, reasons, List.of(job("BD-SQLServer-Produccion", first, 0, 12, "Job finished with <script>alert(1)</script>"),
                job("BD-Oracle-SIAF", Run.JobResult.SUCCESS, 13, 61, null)));
        Schedule s = schedule("respaldo-nocturno-bd", "Nocturno <b>BD</b>", lang, TECHS);
        Mail m = composer.concluded(s, run, NEXT, MailFixtures.report());

        assertThat(m.event()).isEqualTo(event);
        assertThat(m.to()).containsExactly("director.ti@mineco.gob.gt", "tecnico1@mineco.gob.gt", "tecnico2@mineco.gob.gt");
        assertThat(m.subject()).isEqualTo("[Respaldo] " + words + ": Nocturno <b>BD</b> (respaldo-nocturno-bd), 2026-11-23 23:00");
        assertThat(m.headers()).containsEntry("X-Respaldo-Event", event).containsEntry("X-Respaldo-Schedule", "respaldo-nocturno-bd")
                .containsEntry("X-Respaldo-Run", RUN_ID);
        // the job table, times in the schedule's zone
        assertThat(m.text()).contains("* BD-SQLServer-Produccion", firstJobWords, "23:00:05", "23:12:12", "12 min 07 s",
                "* BD-Oracle-SIAF", "23:13:05", "2026-11-24 00:14:12", "1 h 01 min 07 s", RUN_ID, "Repositorio-CD-Local",
                "D:\\Backups", "2026-11-24 23:00:00 (America/Guatemala)", RUN_ID + ".json");
        assertThat(m.html()).contains("<td style=\"padding:4px 8px;border:1px solid #ccc;text-align:left;vertical-align:top\">BD-Oracle-SIAF</td>")
                .contains("Job finished with &lt;script&gt;alert(1)&lt;/script&gt;", "Nocturno &lt;b&gt;BD&lt;/b&gt;")
                .doesNotContain("<script>", "<b>BD</b>");
        if (result == Run.Result.SKIPPED) {
            assertThat(m.text()).contains(lang.equals("es") ? "Motivos:" : "Reasons:", "12 GB libres");
        }
        if (lang.equals("es")) {
            assertThat(m.text()).contains("Director de Tecnologías de la Información", "concluye la programación",
                    "Ruta de almacenamiento", "Trabajo", "Resultado", "Duración", "Mensaje");
        } else {
            assertThat(m.text()).contains("Director of Information Technology", "Storage path", "Result", "Duration", "Message");
        }
        Mail.Attachment report = m.attachment(RUN_ID + ".json").orElseThrow();
        assertThat(report.contentType()).isEqualTo("application/json");
        JsonNode json = new ObjectMapper().readTree(report.content());
        assertThat(json.get("id").asText()).isEqualTo(RUN_ID);
    }

    @Test
    void concludedNeedsAFinishedRun() {
        assertThatThrownBy(() -> composer.concluded(schedule("es", TECHS), MailFixtures.started(), NEXT, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no result yet");
    }

    @Test
    void concludedWithoutTechniciansOrReportGoesToTheDirectorAlone() {
        Mail m = composer.concluded(schedule("es", List.of()), run(Run.Result.SUCCESS, List.of(),
                List.of(job("BD-A", Run.JobResult.SUCCESS, 0, 1, "ok"))), null, null);
        assertThat(m.to()).containsExactly("director.ti@mineco.gob.gt");
        assertThat(m.attachments()).isEmpty();
        assertThat(m.text()).contains("ninguna (la programación no tiene más disparos)");
    }
}
