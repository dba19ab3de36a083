package io.junction.bridge.artemis;

import io.junction.embedded.EmbeddedArtemis;
import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The gateway-semantics conformance suite, unchanged, against a real embedded Artemis with persistence on. */
class ArtemisGatewayConformanceTest extends GatewayConformanceTest {
    @TempDir
    static Path dataDir;
    static EmbeddedArtemis broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    protected Backend newBackend() {
        return new ArtemisBackendFactory().create("tck", Map.of("url", broker.coreUrl()));
    }
}
