package org.respaldo;

import java.util.ArrayList;
import java.util.List;

import org.respaldo.config.Settings;
import org.respaldo.veeam.VeeamServers;

/**
 * The prod start-up check: every required setting that is missing or wrong, of every room (the
 * Veeam servers first, then mail), so that start-up stops with one message naming them all.
 */
public final class RequiredSettings {

    private RequiredSettings() {
    }

    /** Every problem; empty when start-up may go on (always empty outside prod). */
    public static List<String> missing(Settings settings) {
        List<String> missing = new ArrayList<>();
        if (!settings.profile().equals("prod")) {
            return missing;
        }
        if (VeeamServers.configuredAliases(settings.properties(), settings.environment()).isEmpty()) {
            missing.add("respaldo.veeam.<alias>.url (at least one Veeam server, e.g. RESPALDO_VEEAM_PRINCIPAL_URL)");
        }
        missing.addAll(VeeamServers.configurationProblems(settings.properties(), settings.environment(), settings.profile()));
        missing.addAll(settings.missing());
        return missing;
    }

    /** Stops start-up with one message naming every missing setting. */
    public static void requireComplete(Settings settings) {
        List<String> missing = missing(settings);
        if (!missing.isEmpty()) {
            throw new Settings.MissingSettingsException(missing);
        }
    }
}
