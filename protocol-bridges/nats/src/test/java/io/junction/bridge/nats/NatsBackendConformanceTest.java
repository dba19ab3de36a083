package io.junction.bridge.nats;

import io.junction.spi.Backend;
import io.junction.tck.BackendConformanceTest;

import java.util.Map;

/** The SPI conformance suite, unchanged, against a real nats-server with JetStream file storage. */
class NatsBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend newBackend() {
        return new NatsBackendFactory().create("tck", Map.of("url", SharedServer.url()));
    }
}
