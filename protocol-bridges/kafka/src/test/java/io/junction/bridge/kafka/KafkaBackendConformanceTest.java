package io.junction.bridge.kafka;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.tck.BackendConformanceTest;

/** The SPI conformance suite, unchanged, against a real in-process Kafka (KRaft). */
class KafkaBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend newBackend() {
        return new KafkaBackendFactory().create("tck", SharedKafka.settings(Map.of()));
    }
}
