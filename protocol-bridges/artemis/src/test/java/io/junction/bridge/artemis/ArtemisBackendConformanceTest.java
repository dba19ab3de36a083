package io.junction.bridge.artemis;

import io.junction.spi.Backend;
import io.junction.tck.BackendConformanceTest;

import java.util.Map;

/** The SPI conformance suite, unchanged, against a real embedded Artemis with persistence on. */
class ArtemisBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend newBackend() {
        return new ArtemisBackendFactory().create("tck", Map.of("url", SharedBroker.url()));
    }
}
