package io.junction.bridge.kafka;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.tck.GatewayConformanceTest;

/** The gateway-semantics conformance suite, unchanged, against a real in-process Kafka (KRaft). */
class KafkaGatewayConformanceTest extends GatewayConformanceTest {
    @Override
    protected Backend newBackend() {
        return new KafkaBackendFactory().create("gtck", SharedKafka.settings(Map.of()));
    }
}
