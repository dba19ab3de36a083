package io.junction.server.internal.http;

import io.junction.core.CoreConfig;

/** How many request body bytes each operation may receive before it is answered 413. */
final class BodyLimits {
    /** Room for the JSON around the values that the limits count. */
    static final long JSON_OVERHEAD = 64 * 1024;
    /** Per batch message: id, key, content type and a few headers, with JSON punctuation. */
    static final long BATCH_MESSAGE_OVERHEAD = 2 * 1024;
    /** Per ackId in ack, nack and extend bodies: the longest ackId plus quotes and a comma. */
    static final long ACK_ID_BYTES = 260;

    private final CoreConfig.Limits limits;

    BodyLimits(CoreConfig.Limits limits) {
        this.limits = limits;
    }

    /** @param operationId the contract's operation, or null when the request matches none */
    long forOperation(String operationId) {
        if ("publishMessage".equals(operationId)) {
            return limits.maxPayloadBytes();
        }
        if ("publishBatch".equals(operationId)) {
            // Payloads may travel as base64, which is 4/3 of their size.
            return limits.maxBatchBytes() * 4L / 3 + limits.maxBatchMessages() * BATCH_MESSAGE_OVERHEAD + JSON_OVERHEAD;
        }
        return JSON_OVERHEAD + limits.maxPullMessages() * ACK_ID_BYTES;
    }
}
