package org.respaldo.veeam;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VBR REST API revision as sent in the {@code x-api-version} header, for example {@code 1.3-rev1}.
 * The client shapes a few requests by revision (retry exists from 1.3; 1.3-rev2 may answer a start
 * with 204).
 */
public record ApiVersion(int major, int minor, int revision) implements Comparable<ApiVersion> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)-rev(\\d+)");

    public static final ApiVersion V1_2_REV1 = new ApiVersion(1, 2, 1);
    public static final ApiVersion V1_3_REV0 = new ApiVersion(1, 3, 0);
    public static final ApiVersion V1_3_REV1 = new ApiVersion(1, 3, 1);
    public static final ApiVersion V1_3_REV2 = new ApiVersion(1, 3, 2);

    /** The oldest revision this client speaks: 1.2-rev1 (VBR 12.3). */
    public static final ApiVersion OLDEST_SUPPORTED = V1_2_REV1;

    public static ApiVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a VBR REST API revision; write it like 1.3-rev1");
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    /** Any 1.3 revision (VBR 13): Hyper-V and Veeam Agent jobs, retry, job states with session progress. */
    public boolean is13() {
        return atLeast(V1_3_REV0);
    }

    /** {@code POST /jobs/{id}/retry} exists from 1.3-rev0. */
    public boolean supportsRetry() {
        return atLeast(V1_3_REV0);
    }

    @Override
    public int compareTo(ApiVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(revision, o.revision);
    }

    @Override
    public String toString() {
        return major + "." + minor + "-rev" + revision;
    }
}
