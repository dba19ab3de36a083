package io.junction.server;

import io.junction.embedded.EmbeddedArtemis;
import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

import java.nio.file.Files;
import java.util.Map;
import java.util.ServiceLoader;

/** The HTTP messaging tests against a real embedded Artemis, found through the server's ServiceLoader. */
class ArtemisApiMessagingTest extends ApiMessagingTest {
    private EmbeddedArtemis broker;

    @Override
    protected Backend newBackend() throws Exception {
        broker = EmbeddedArtemis.start(Files.createDirectories(dataDir.resolve("broker")), "127.0.0.1", 0);
        BackendFactory artemis = ServiceLoader.load(BackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("artemis")).findFirst()
                .orElseThrow(() -> new AssertionError("the artemis bridge is not on the server's class path"));
        return artemis.create("default", Map.of("url", broker.coreUrl()));
    }

    @Override
    protected void afterGatewayStopped() {
        broker.close();
    }
}
