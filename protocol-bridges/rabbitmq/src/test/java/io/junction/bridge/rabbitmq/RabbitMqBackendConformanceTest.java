package io.junction.bridge.rabbitmq;

import io.junction.spi.Backend;
import io.junction.tck.BackendConformanceTest;

/** The SPI conformance suite, unchanged, against a real rabbitmq-server. */
class RabbitMqBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend newBackend() {
        return new RabbitMqBackendFactory().create("tck", SharedBroker.settings());
    }
}
