package org.respaldo.veeam;

/**
 * A backup repository's state ({@code GET /api/v1/backupInfrastructure/repositories/states}). The three
 * sizes are Veeam's and need not add up.
 */
public record RepositoryState(String id, String name, String type, String description, String hostName, String path,
        double capacityGB, double freeGB, double usedSpaceGB, boolean online) {
}
