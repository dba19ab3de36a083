package io.junction.bridge.artemis;

import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;

import java.util.Map;

/** The gateway-semantics conformance suite, unchanged, against a real embedded Artemis. */
class ArtemisGatewayConformanceTest extends GatewayConformanceTest {
    @Override
    protected Backend newBackend() {
        return new ArtemisBackendFactory().create("gtck", Map.of("url", SharedBroker.url()));
    }
}
