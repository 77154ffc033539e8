package org.respaldo.veeam;

/** Status of a session log record ({@code ETaskLogRecordStatus}). */
public enum LogStatus {
    NONE, SUCCEEDED, WARNING, FAILED, UNKNOWN;

    public static LogStatus parse(String raw) {
        return VeeamEnums.parse(LogStatus.class, raw, UNKNOWN);
    }
}
