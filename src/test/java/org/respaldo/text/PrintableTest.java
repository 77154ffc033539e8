package org.respaldo.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "programación nocturna.yaml       | programación nocturna.yaml",
        "Año 2027 – «copia» (1) ñ é ü.yml | Año 2027 – «copia» (1) ñ é ü.yml",
        "D:\\Backups\\x.json              | D:\\Backups\\x.json",
        "emoji 📦.yaml                    | emoji 📦.yaml",
    })
    void ordinaryTextIsKeptAsItIs(String in, String out) {
        assertThat(Printable.escape(in)).isEqualTo(out);
        assertThat(Printable.isClean(in)).isTrue();
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(Printable.escape("a\nb.yaml")).isEqualTo("a\\nb.yaml");
        assertThat(Printable.escape("a\r\nb")).isEqualTo("a\\r\\nb");
        assertThat(Printable.escape("tab\there")).isEqualTo("tab\\there");
        assertThat(Printable.escape("bell\u0007 esc\u001B[31m del\u007F c1\u0085")).isEqualTo("bell\\u0007 esc\\u001B[31m del\\u007F c1\\u0085");
        assertThat(Printable.escape("nul\u0000")).isEqualTo("nul\\u0000");
        assertThat(Printable.isClean("a\nb")).isFalse();
    }

    @Test
    void aForgedLogLineStaysOnItsLine() {
        String name = "x.yaml\n2026-11-23 12:00:00 INFO  Programación registrada / schedule accepted: falsa";
        assertThat(Printable.escape(name)).doesNotContain("\n").startsWith("x.yaml\\n2026-11-23");
    }

    @Test
    void separatorsAndBidirectionalControlsAreEscaped() {
        assertThat(Printable.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        // "reversed" text that would display as "exe.yaml" reordered
        assertThat(Printable.escape("x\u202Elmay.exe")).isEqualTo("x\\u202Elmay.exe");
        assertThat(Printable.escape("\u2066a\u2069")).isEqualTo("\\u2066a\\u2069");
        assertThat(Printable.escape("lone \uD800 half")).isEqualTo("lone \\uD800 half");
    }

    @Test
    void nullIsEmpty() {
        assertThat(Printable.escape(null)).isEmpty();
        assertThat(Printable.isClean(null)).isTrue();
    }
}
