package io.junction.tck.memory;

import io.junction.spi.Backend;
import io.junction.tck.BackendConformanceTest;

class InMemoryBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend newBackend() {
        return new InMemoryBackend();
    }
}
