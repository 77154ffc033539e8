package org.respaldo.veeam;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Configuration;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Binds {@code veeamServers} ({@link VeeamServers}) in the Camel registry. In the prod profile an
 * incomplete server configuration stops start-up with one message naming every missing setting; in
 * demo the message comes on first use of that server. The clients log out when Camel stops.
 */
@Configuration
public class VeeamConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext context;

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @BindToRegistry
    public VeeamServers veeamServers() throws Exception {
        String profile = context.getPropertiesComponent().resolveProperty("respaldo.profile").orElse("prod");
        // incomplete servers stop a prod start-up in RespaldoConfiguration (Settings.requireComplete),
        // in one message with every other missing setting
        VeeamServers servers = VeeamServers.fromContext(context, profile);
        closeOnStop(context, servers);
        return servers;
    }

    /** Logs out of every server when the Camel context stops (before its components go down). */
    static void closeOnStop(CamelContext context, VeeamServers servers) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                servers.close();
            }
        }, true, true);
    }
}
