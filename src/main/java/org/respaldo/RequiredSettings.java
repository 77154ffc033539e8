package org.respaldo;

import java.util.ArrayList;
import java.util.List;

import org.respaldo.config.Settings;
import org.respaldo.veeam.VeeamServers;

/**
 * The prod start-up check: every required setting that is missing or wrong, of every room (the
 * Veeam servers first, then mail, then the console's logins), so that start-up stops with one message naming them all.
 */
public final class RequiredSettings {

    private RequiredSettings() {
    }

    /** Every problem; empty when start-up may go on (outside prod only a password written in a file stops it). */
    public static List<String> missing(Settings settings) {
        List<String> missing = new ArrayList<>(settings.passwordsInFiles());
        if (!settings.profile().equals("prod")) {
            return missing;
        }
        if (VeeamServers.configuredAliases(settings.properties(), settings.environment()).isEmpty()) {
            // no server at all: name everything the first one needs at once (its alias is free; 'principal' as the example)
            missing.add("respaldo.veeam.principal.url (at least one Veeam server: its https:// address, e.g. "
                    + "RESPALDO_VEEAM_PRINCIPAL_URL=https://vbr.mineco.local:9419; another alias than 'principal' works the same)");
            missing.add("respaldo.veeam.principal.username (the VBR user Respaldo logs in as, e.g. RESPALDO_VEEAM_PRINCIPAL_USERNAME)");
            if (settings.env("RESPALDO_VEEAM_PRINCIPAL_PASSWORD").isEmpty()) {
                missing.add("RESPALDO_VEEAM_PRINCIPAL_PASSWORD (environment variable: the password of that VBR user; "
                        + "passwords are read only from the environment)");
            }
        }
        missing.addAll(VeeamServers.configurationProblems(settings.properties(), settings.environment(), settings.profile()));
        missing.addAll(settings.missing());
        missing.addAll(org.respaldo.auth.AuthConfiguration.missing(settings));
        return missing;
    }

    /** Stops start-up with one message naming every missing setting. */
    public static void requireComplete(Settings settings) {
        List<String> missing = missing(settings);
        if (!missing.isEmpty()) {
            throw new Settings.MissingSettingsException(settings.profile(), missing);
        }
    }
}
