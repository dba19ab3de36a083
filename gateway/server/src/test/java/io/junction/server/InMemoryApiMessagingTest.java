package io.junction.server;

import io.junction.spi.Backend;
import io.junction.tck.memory.InMemoryBackend;

class InMemoryApiMessagingTest extends ApiMessagingTest {
    @Override
    protected Backend newBackend() {
        return new InMemoryBackend();
    }
}
