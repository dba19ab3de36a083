package io.junction.tck.memory;

import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;

class InMemoryGatewayConformanceTest extends GatewayConformanceTest {
    @Override
    protected Backend newBackend() {
        return new InMemoryBackend();
    }
}
