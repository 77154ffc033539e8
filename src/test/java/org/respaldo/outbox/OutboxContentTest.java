package org.respaldo.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.respaldo.json.Json;

/** A mail kept in the outbox comes back field for field, in the current form and in the forms written before it. */
class OutboxContentTest {

    private static Mail mail() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Mail.EVENT_HEADER, "succeeded");
        headers.put(Mail.SCHEDULE_HEADER, "nómina-mensual");
        headers.put(Mail.RUN_HEADER, "nómina-mensual-20261202T0300Z");
        return new Mail("succeeded", List.of("director@ministerio.gob", "técnico@ministerio.gob"),
                "[Respaldo] Backup ÉXITO: «Nómina» \"mensual\"",
                "Línea 1\nLínea 2 con ñ, € y 日本\n", "<p style=\"color:#1a7f37\">Éxito &amp; <b>\"comillas\"</b></p>",
                headers, List.of(new Mail.Attachment("informe.json", "application/json", "{\"r\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8)),
                        new Mail.Attachment("vacío.bin", "application/octet-stream", new byte[] {0, -1, 127, -128})));
    }

    private static void assertSame(Mail back, Mail sent) {
        assertThat(back.event()).isEqualTo(sent.event());
        assertThat(back.to()).isEqualTo(sent.to());
        assertThat(back.subject()).isEqualTo(sent.subject());
        assertThat(back.text()).isEqualTo(sent.text());
        assertThat(back.html()).isEqualTo(sent.html());
        assertThat(back.headers()).containsExactlyEntriesOf(sent.headers());
        assertThat(back.attachments()).hasSameSizeAs(sent.attachments());
        for (int i = 0; i < sent.attachments().size(); i++) {
            assertThat(back.attachments().get(i).name()).isEqualTo(sent.attachments().get(i).name());
            assertThat(back.attachments().get(i).contentType()).isEqualTo(sent.attachments().get(i).contentType());
            assertThat(back.attachments().get(i).content()).isEqualTo(sent.attachments().get(i).content());
        }
    }

    @Test
    void aMailComesBackFieldForField() {
        Mail sent = mail();
        String stored = Outbox.write(sent);
        assertThat(stored).startsWith(Outbox.BINARY);
        assertSame(Outbox.read(stored), sent);
    }

    @Test
    void nullBodiesAndNoAttachmentsComeBackSo() {
        Mail sent = new Mail("accepted", List.of("a@x.com"), "s", "texto", null, Map.of(), List.of());
        Mail back = Outbox.read(Outbox.write(sent));
        assertThat(back.html()).isNull();
        assertThat(back.attachments()).isEmpty();
        assertThat(back.headers()).isEmpty();
    }

    @Test
    void rowsWrittenBeforeAsGzippedJsonOrPlainJsonAreStillRead() throws Exception {
        Mail sent = mail();
        byte[] json = Json.MAPPER.writeValueAsBytes(sent);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json);
        }
        assertSame(Outbox.read("gz:" + Base64.getEncoder().encodeToString(bytes.toByteArray())), sent);
        assertSame(Outbox.read(new String(json, StandardCharsets.UTF_8)), sent);
    }

    @Test
    void aDamagedRowSaysItCannotBeRead() {
        String stored = Outbox.write(mail());
        assertThatThrownBy(() -> Outbox.read(stored.substring(0, stored.length() / 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read a mail of the outbox");
    }
}
