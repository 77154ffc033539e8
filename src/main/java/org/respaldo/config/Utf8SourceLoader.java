package org.respaldo.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.dsl.support.SourceLoader;
import org.apache.camel.spi.Resource;

/**
 * Reads the YAML routes as UTF-8 whatever the machine's locale. Camel's default source loader
 * reads them in the platform charset, so on a machine without a UTF-8 locale the Spanish text of
 * the routes' log lines came out mangled ("Programaci��n"). Camel's route loaders use the
 * {@link SourceLoader} found in the registry.
 */
public final class Utf8SourceLoader implements SourceLoader {

    @Override
    public String loadResource(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
