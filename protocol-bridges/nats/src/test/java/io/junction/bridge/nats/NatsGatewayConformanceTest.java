package io.junction.bridge.nats;

import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;

import java.util.Map;

/** The gateway-semantics conformance suite, unchanged, against a real nats-server with JetStream. */
class NatsGatewayConformanceTest extends GatewayConformanceTest {
    @Override
    protected Backend newBackend() {
        return new NatsBackendFactory().create("gtck", Map.of("url", SharedServer.url()));
    }
}
