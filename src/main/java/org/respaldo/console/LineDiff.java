package org.respaldo.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A side-by-side line diff of two texts (longest common subsequence of lines; a changed stretch pairs its removed and
 * added lines row by row). A pure function: the templates escape the lines.
 */
public final class LineDiff {

    /** Beyond this many lines on either side the diff is not computed (a schedule file is at most 256 KiB). */
    static final int MAX_LINES = 5000;

    /** One row: {@code kind} same, changed, removed (left only) or added (right only); a side's number 0 when empty. */
    public record Row(String kind, int leftNo, String left, int rightNo, String right) {
    }

    private LineDiff() {
    }

    public static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1); // the last line's end, not an empty line after it
        }
        return lines;
    }

    public static List<Row> diff(String left, String right) {
        List<String> a = lines(left);
        List<String> b = lines(right);
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            throw new IllegalArgumentException("more than " + MAX_LINES + " lines");
        }
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        List<Integer> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                flush(a, b, removed, added, rows);
                rows.add(new Row("same", i + 1, a.get(i), j + 1, b.get(j)));
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(j++);
            } else {
                removed.add(i++);
            }
        }
        flush(a, b, removed, added, rows);
        return rows;
    }

    private static void flush(List<String> a, List<String> b, List<Integer> removed, List<Integer> added, List<Row> rows) {
        int k = Math.max(removed.size(), added.size());
        for (int x = 0; x < k; x++) {
            Integer l = x < removed.size() ? removed.get(x) : null;
            Integer r = x < added.size() ? added.get(x) : null;
            String kind = l != null && r != null ? "changed" : l != null ? "removed" : "added";
            rows.add(new Row(kind, l == null ? 0 : l + 1, l == null ? "" : a.get(l), r == null ? 0 : r + 1, r == null ? "" : b.get(r)));
        }
        removed.clear();
        added.clear();
    }
}
