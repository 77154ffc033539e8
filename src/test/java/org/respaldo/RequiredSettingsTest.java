package org.respaldo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.respaldo.config.Settings;
import org.respaldo.veeam.VeeamServers;

/** Required settings in prod (every room's, in one message), Veeam server aliases, environment overrides. */
class RequiredSettingsTest {

    private static Settings settings(Map<String, String> props, Map<String, String> env) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(props);
        context.getPropertiesComponent().setInitialProperties(p);
        return new Settings(context.getPropertiesComponent(), env);
    }

    @Test
    void prodWithNothingConfiguredNamesEveryMissingSettingInOneMessage() {
        Settings s = settings(Map.of("respaldo.profile", "prod"), Map.of());
        // on the first try: the server's address, user and password, the mail settings and the console's logins,
        // counted one by one
        assertThat(RequiredSettings.missing(s)).hasSize(6);
        assertThatThrownBy(() -> RequiredSettings.requireComplete(s))
                .isInstanceOf(Settings.MissingSettingsException.class)
                .hasMessageContaining("6 required setting(s) missing")
                .hasMessageContaining("respaldo.auth.ldap.url or respaldo.auth.users-file")
                .hasMessageContaining("respaldo.veeam.principal.url").hasMessageContaining("respaldo.veeam.principal.username")
                .hasMessageContaining("RESPALDO_VEEAM_PRINCIPAL_PASSWORD").hasMessageContaining("respaldo.mail.host")
                .hasMessageContaining("respaldo.mail.from");
    }

    @Test
    void prodNamesTheUsernameAndThePasswordVariableOfEachServerInOneMessage() {
        Settings s = settings(Map.of("respaldo.profile", "prod",
                "respaldo.veeam.principal.url", "https://vbr01:9419",
                "respaldo.veeam.dr-site.url", "https://vbr02:9419",
                "respaldo.veeam.dr-site.username", "svc-respaldo", "respaldo.mail.host", "smtp.mineco.gob.gt",
                "respaldo.mail.from", "respaldo@mineco.gob.gt", "respaldo.auth.users-file", "/etc/respaldo/users"), Map.of());
        // principal: user and password; dr-site: password — one line (and one count) per setting
        assertThat(RequiredSettings.missing(s)).hasSize(3);
        assertThatThrownBy(() -> RequiredSettings.requireComplete(s)).hasMessageContaining("3 required setting(s) missing")
                .hasMessageContaining("respaldo.veeam.principal.username")
                .hasMessageContaining("RESPALDO_VEEAM_DR_SITE_PASSWORD")
                .hasMessageContaining("RESPALDO_VEEAM_PRINCIPAL_PASSWORD");
    }

    @Test
    void aPasswordWrittenInASettingsFileStopsStartUpInEveryProfileAndNamesTheVariableToUse() {
        Settings demo = settings(Map.of("respaldo.profile", "demo", "respaldo.db.password", "en-archivo",
                "respaldo.mail.password", ""), Map.of());
        assertThat(RequiredSettings.missing(demo)).hasSize(1).first().asString().contains("respaldo.db.password")
                .contains("RESPALDO_DB_PASSWORD").doesNotContain("en-archivo");
        assertThatThrownBy(() -> RequiredSettings.requireComplete(demo)).hasMessageContaining("profile 'demo'")
                .hasMessageNotContaining("en-archivo");
    }

    @Test
    void prodIsCompleteWithUrlUsernameAndPasswordFromTheEnvironment() {
        Settings s = settings(Map.of("respaldo.profile", "prod", "respaldo.veeam.principal.url", "https://vbr01:9419",
                "respaldo.veeam.principal.username", "svc", "respaldo.mail.host", "smtp.mineco.gob.gt",
                "respaldo.mail.from", "respaldo@mineco.gob.gt", "respaldo.auth.ldap.url", "ldaps://dc01.mineco.local:636"),
                Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "secreto"));
        assertThat(RequiredSettings.missing(s)).isEmpty();
    }

    @Test
    void prodNamesTheConsolesLoginsAndTheDirectoryServiceAccountsPasswordVariable() {
        Map<String, String> rest = Map.of("respaldo.profile", "prod", "respaldo.veeam.principal.url", "https://vbr01:9419",
                "respaldo.veeam.principal.username", "svc", "respaldo.mail.host", "smtp.mineco.gob.gt",
                "respaldo.mail.from", "respaldo@mineco.gob.gt");
        Map<String, String> env = Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "secreto");
        assertThat(RequiredSettings.missing(settings(rest, env))).singleElement().asString()
                .startsWith("respaldo.auth.ldap.url or respaldo.auth.users-file (who may log in");
        java.util.Map<String, String> ldap = new java.util.HashMap<>(rest);
        ldap.put("respaldo.auth.ldap.url", "ldaps://dc01.mineco.local:636");
        ldap.put("respaldo.auth.ldap.bind-dn", "CN=svc-respaldo,OU=Servicios,DC=mineco,DC=local");
        assertThat(RequiredSettings.missing(settings(ldap, env))).containsExactly(
                "RESPALDO_AUTH_LDAP_BIND_PASSWORD (environment variable: the password of respaldo.auth.ldap.bind-dn)");
        java.util.Map<String, String> envWithBind = new java.util.HashMap<>(env);
        envWithBind.put("RESPALDO_AUTH_LDAP_BIND_PASSWORD", "otro");
        assertThat(RequiredSettings.missing(settings(ldap, envWithBind))).isEmpty();
    }

    @Test
    void prodNamesTheMailServerTheSenderAndThePasswordOfAnSmtpUser() {
        Map<String, String> veeam = Map.of("respaldo.profile", "prod", "respaldo.veeam.principal.url", "https://vbr01:9419",
                "respaldo.veeam.principal.username", "svc", "respaldo.auth.users-file", "/etc/respaldo/users");
        Map<String, String> env = Map.of("RESPALDO_VEEAM_PRINCIPAL_PASSWORD", "secreto");
        assertThat(RequiredSettings.missing(settings(veeam, env))).containsExactly(
                "respaldo.mail.host (the SMTP server for the Director's and technicians' mail, e.g. RESPALDO_MAIL_HOST)",
                "respaldo.mail.from (the sender address of Respaldo's mail, e.g. RESPALDO_MAIL_FROM)");

        java.util.Map<String, String> withUser = new java.util.HashMap<>(veeam);
        withUser.putAll(Map.of("respaldo.mail.host", "smtp.mineco.gob.gt", "respaldo.mail.from", "respaldo@mineco.gob.gt",
                "respaldo.mail.username", "svc-respaldo"));
        assertThat(RequiredSettings.missing(settings(withUser, env)))
                .containsExactly("RESPALDO_MAIL_PASSWORD (environment variable: the password of SMTP user 'svc-respaldo')");
        java.util.Map<String, String> envWithMail = new java.util.HashMap<>(env);
        envWithMail.put("RESPALDO_MAIL_PASSWORD", "otro-secreto");
        assertThat(RequiredSettings.missing(settings(withUser, envWithMail))).isEmpty();
    }

    @Test
    void aServerCanBeDefinedOnlyThroughTheEnvironment() {
        Settings s = settings(Map.of("respaldo.profile", "prod", "respaldo.veeam.principal.url", "https://vbr01:9419"),
                Map.of("RESPALDO_VEEAM_DR_SITE_URL", "https://vbr02:9419", "RESPALDO_VEEAM_DR_SITE_USERNAME", "svc"));
        assertThat(VeeamServers.configuredAliases(s.properties(), s.environment())).containsExactly("principal", "dr-site");
        assertThat(s.veeam("dr-site", "url")).contains("https://vbr02:9419");
        assertThat(s.veeam("dr-site", "username")).contains("svc");
    }

    @Test
    void demoRequiresNothing() {
        assertThat(RequiredSettings.missing(settings(Map.of("respaldo.profile", "demo"), Map.of()))).isEmpty();
    }

    @Test
    void durationsAreIso8601AndAWrongOneNamesTheSetting() {
        assertThat(settings(Map.of(), Map.of()).getDuration("respaldo.intake.max-settle", java.time.Duration.ofMinutes(5)))
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(settings(Map.of("respaldo.intake.max-settle", "PT30S"), Map.of())
                .getDuration("respaldo.intake.max-settle", java.time.Duration.ofMinutes(5))).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> settings(Map.of("respaldo.intake.max-settle", "5 minutos"), Map.of())
                .getDuration("respaldo.intake.max-settle", java.time.Duration.ofMinutes(5)))
                .hasMessage("respaldo.intake.max-settle is '5 minutos', which is not an ISO-8601 duration such as PT30S, PT10M or P3D");
        assertThat(settings(Map.of("respaldo.data-dir", "/srv/respaldo"), Map.of()).inboxDir())
                .isEqualTo(java.nio.file.Path.of("/srv/respaldo/inbox"));
    }
}
