package org.respaldo.veeam;

/** {@code GET /api/v1/serverInfo}; fields a revision lacks are empty. */
public record ServerInfo(String vbrId, String name, String buildVersion, String platform, String databaseVendor) {
}
