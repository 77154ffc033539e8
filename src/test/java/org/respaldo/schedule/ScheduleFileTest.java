package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ScheduleFileTest {

    private final ScheduleFile file = new ScheduleFile(262_144);

    private Problem only(String name, String text) {
        ScheduleFile.Parsed parsed = file.parse(name, text.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.problems()).hasSize(1);
        return parsed.problems().get(0);
    }

    @Test
    void yamlSyntaxErrorNamesTheLineAndColumnWhereTheErrorIs() {
        // a tab used for indentation on line 2: the error is at line 2, column 1 (not after "id: a" on line 1)
        Problem tab = only("tab.yaml", "id: a\n\ttitle: b\n");
        assertThat(tab.line()).isEqualTo(2);
        assertThat(tab.column()).isEqualTo(1);
        assertThat(tab.en()).contains("TAB");
    }

    @Test
    void yamlSyntaxErrorSaysWhatIsWrongWithAWindowsPathInDoubleQuotes() {
        Problem p = only("path.yaml", "id: a\nstorage:\n  path: \"D:\\Backups\"\n");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(13); // the \B escape
        assertThat(p.es()).contains("escape character B");
        assertThat(p.en()).contains("escape character B");
    }

    @Test
    void aFileSavedAsWindows1252IsRejectedAsNotUtf8AtTheFirstBadByte() throws Exception {
        byte[] latin1 = "version: 1\nid: a\ntitle: Programación\n".getBytes("windows-1252");
        ScheduleFile.Parsed parsed = file.parse("ansi.yaml", latin1);
        assertThat(parsed.problems()).hasSize(1);
        Problem p = parsed.problems().get(0);
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(18); // the ó
        assertThat(p.es()).contains("UTF-8").contains("0xF3");
        assertThat(p.en()).contains("not encoded in UTF-8");
    }

    @Test
    void aUtf16FileIsRejectedAsNotUtf8AndAUtf8ByteOrderMarkIsAccepted() throws Exception {
        String text = "version: 1\nid: a\n";
        Problem p = file.parse("u16.yaml", text.getBytes("UTF-16")).problems().get(0);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.en()).contains("not encoded in UTF-8");
        byte[] bom = ("\uFEFF" + text).getBytes("UTF-8");
        assertThat(file.parse("bom.yaml", bom).ok()).isTrue();
        assertThat(file.parse("bom.json", ("\uFEFF{\"id\": \"a\"}").getBytes("UTF-8")).ok()).isTrue();
    }
}
