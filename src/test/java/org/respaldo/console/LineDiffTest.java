package org.respaldo.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void sameChangedRemovedAndAddedLinesSideBySide() {
        List<LineDiff.Row> rows = LineDiff.diff("a\nb\nc\nd\n", "a\nB\nc\ne\nf\n");
        assertThat(rows).extracting(LineDiff.Row::kind).containsExactly("same", "changed", "same", "changed", "added");
        assertThat(rows.get(1)).isEqualTo(new LineDiff.Row("changed", 2, "b", 2, "B"));
        assertThat(rows.get(4)).isEqualTo(new LineDiff.Row("added", 0, "", 5, "f"));
        assertThat(LineDiff.diff("x\ny", "y")).extracting(LineDiff.Row::kind).containsExactly("removed", "same");
        assertThat(LineDiff.diff("", "")).isEmpty();
        assertThat(LineDiff.diff("a\r\nb\r\n", "a\nb")).allMatch(r -> r.kind().equals("same"));
    }
}
