package io.junction.bridge.rabbitmq;

import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;

/** The gateway-semantics conformance suite, unchanged, against a real rabbitmq-server. */
class RabbitMqGatewayConformanceTest extends GatewayConformanceTest {
    @Override
    protected Backend newBackend() {
        return new RabbitMqBackendFactory().create("gtck", SharedBroker.settings());
    }
}
