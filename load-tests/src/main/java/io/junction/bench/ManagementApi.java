package io.junction.bench;

import java.util.concurrent.CompletionStage;

/**
 * A broker's own HTTP endpoint for publishing, measured as a peer of the gateway's single-message publish at
 * the same load. Only RabbitMQ has one (see {@link ManagementApis}).
 */
interface ManagementApi extends AutoCloseable {
    /** Publishes one message to the topic's native destination; the stage completes when the API answered success. */
    CompletionStage<?> publish(String topic, byte[] payload);

    @Override
    void close();
}
