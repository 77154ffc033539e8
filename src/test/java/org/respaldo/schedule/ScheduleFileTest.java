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
}
