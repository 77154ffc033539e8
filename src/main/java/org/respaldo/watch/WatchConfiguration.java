package org.respaldo.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.respaldo.config.Settings;
import org.respaldo.run.RunStore;
import org.respaldo.schedule.ScheduleRegistry;
import org.respaldo.text.EmailAddress;
import org.respaldo.veeam.VeeamServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch room: binds {@code rpoWatch} ("no recent backup") and {@code dailyDigest}, which the routes
 * of {@code routes/watch.camel.yaml} tick, from {@code respaldo.watch.*} and {@code respaldo.digest.*}.
 * Time comes from the {@code clock} bean. Listed after RunConfiguration in
 * {@code camel.main.configuration-classes} (it needs the schedule registry, the run store, the database
 * and the Veeam servers).
 */
@Configuration
public class WatchConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WatchConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        var beans = context.getRegistry();
        ScheduleRegistry registry = beans.lookupByNameAndType("scheduleRegistry", ScheduleRegistry.class);
        RunStore runs = beans.lookupByNameAndType("runStore", RunStore.class);
        DataSource dataSource = beans.lookupByNameAndType("dataSource", DataSource.class);
        VeeamServers veeam = beans.lookupByNameAndType("veeamServers", VeeamServers.class);
        if (registry == null || runs == null || dataSource == null) {
            throw new IllegalStateException("WatchConfiguration must be listed after RespaldoConfiguration in"
                    + " camel.main.configuration-classes (it needs the beans 'scheduleRegistry', 'runStore', 'dataSource')");
        }
        Clock clock = beans.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
        }
        String node = settings.nodeName();

        Duration rpoCheck = positive(settings, "respaldo.watch.rpo-check", Duration.ofMinutes(1));
        Duration digestCheck = positive(settings, "respaldo.digest.check", Duration.ofSeconds(15));
        Duration tolerance = settings.duration("respaldo.schedule.misfire-threshold", Duration.ofMinutes(1));
        boolean digestEnabled = settings.getBoolean("respaldo.digest.enabled", true);
        if (digestEnabled && digestCheck.compareTo(tolerance) >= 0) {
            throw new org.respaldo.config.StartupException("respaldo.digest.check (" + digestCheck + ") must be shorter than"
                    + " respaldo.schedule.misfire-threshold (" + tolerance + "): a digest time between two looks would be skipped."
                    + " Shorten respaldo.digest.check, or set respaldo.digest.enabled=false");
        }
        context.getPropertiesComponent().addOverrideProperty("respaldo.watch.rpo-check-ms", String.valueOf(rpoCheck.toMillis()));
        context.getPropertiesComponent().addOverrideProperty("respaldo.digest.check-ms", String.valueOf(digestCheck.toMillis()));

        String timeText = settings.get("respaldo.digest.time", "07:00");
        LocalTime time;
        try {
            time = LocalTime.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("respaldo.digest.time is '" + timeText + "', which is not a time of day HH:MM such as 07:00", e);
        }
        ZoneId zone = ZoneId.of(settings.get("respaldo.default-timezone", "America/Guatemala"));
        String language = settings.get("respaldo.digest.language", "es");
        if (!language.equals("es") && !language.equals("en")) {
            throw new IllegalArgumentException("respaldo.digest.language is '" + language + "'; it must be es or en");
        }
        List<String> recipients = new ArrayList<>();
        for (String address : settings.get("respaldo.digest.recipients", "").split("[,;]")) {
            String a = address.trim();
            if (!a.isEmpty()) {
                EmailAddress.problem(a).ifPresent(r -> {
                    throw new IllegalArgumentException("respaldo.digest.recipients: '" + a + "' is not a valid e-mail address: " + r.en());
                });
                recipients.add(a);
            }
        }

        WatchStore store = new WatchStore(dataSource);
        WatchMails mails = new WatchMails();
        RpoWatch watch = new RpoWatch(registry, runs, store, mails, dataSource, node, clock);
        DailyDigest digest = new DailyDigest(new DailyDigest.Settings(time, zone, recipients, language, tolerance), registry, runs,
                store, watch, veeam, mails, dataSource, node, clock);
        beans.bind("watchStore", store);
        beans.bind("rpoWatch", watch);
        beans.bind("dailyDigest", digest);
        LOG.info("Watch: no recent backup checked every {}; daily digest at {} ({}) in {} to {}", rpoCheck, time, zone, language,
                recipients.isEmpty() ? "every schedule's Director" : recipients);
    }

    private static Duration positive(Settings settings, String key, Duration fallback) {
        Duration d = settings.duration(key, fallback);
        if (d.isZero()) {
            throw new IllegalArgumentException(key + " must be longer than zero");
        }
        return d;
    }
}
