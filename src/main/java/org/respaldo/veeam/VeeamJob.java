package org.respaldo.veeam;

/**
 * A job as {@code GET /api/v1/jobs} describes it.
 *
 * @param type         Veeam's job type as sent ({@code Backup} up to 1.2, {@code VSphereBackup},
 *                     {@code WindowsAgentBackup}, … from 1.3)
 * @param repositoryId the backup repository it writes to ({@code storage.backupRepositoryId}), or null
 */
public record VeeamJob(String id, String name, String type, boolean disabled, String description, String repositoryId) {

    /** The kind of job its {@code type} names ({@link JobKind#OTHER} for types Respaldo does not drive specially). */
    public JobKind kind() {
        return JobKind.of(type);
    }
}
