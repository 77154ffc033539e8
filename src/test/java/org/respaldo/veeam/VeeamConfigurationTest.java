package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.sim.SimulatorOptions;
import org.respaldo.sim.VeeamSimulator;

/** camel-main binds {@code veeamServers} from the configuration class, and its clients log out when Camel stops. */
class VeeamConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void bindsVeeamServersAndLogsOutOnStop() throws Exception {
        try (VeeamSimulator sim = VeeamSimulator.start(SimulatorOptions.defaults(dir).withPort(0))) {
            Main main = new Main();
            main.setDefaultPropertyPlaceholderLocation("false");
            main.configure().addConfiguration(VeeamConfiguration.class);
            main.addInitialProperty("respaldo.profile", "demo");
            // an alias whose password variable the test JVM does not have (surefire sets only principal's)
            main.addInitialProperty("respaldo.veeam.sin-clave.url", sim.baseUri().toString());
            main.addInitialProperty("respaldo.veeam.sin-clave.username", "respaldo");
            main.addInitialProperty("respaldo.veeam.sin-clave.truststore", sim.certificatePem().toString());
            main.start();
            try {
                VeeamServers servers = main.getCamelContext().getRegistry().lookupByNameAndType("veeamServers",
                        VeeamServers.class);
                assertThat(servers.aliases()).containsExactly("sin-clave");
                assertThat(servers.defaultAlias()).isEqualTo("sin-clave");
                // demo profile: the missing password is reported on first use, not at start-up
                org.assertj.core.api.Assertions.assertThatThrownBy(servers::client)
                        .hasMessageContaining("RESPALDO_VEEAM_SIN_CLAVE_PASSWORD");
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void stoppingCamelLogsOutOfEveryServer() throws Exception {
        try (SimulatorFixture fx = SimulatorFixture.builder(dir).start()) {
            VeeamConfiguration.closeOnStop(fx.camel, fx.servers);
            fx.client().login();
            fx.camel.stop();
            assertThat(fx.count("POST /api/oauth2/logout")).isEqualTo(1);
            assertThat(fx.sim.admin().requests()).filteredOn(r -> r.endpoint().equals("POST /api/oauth2/logout"))
                    .extracting(r -> r.status()).containsExactly(200);
        }
    }
}
