package io.junction.server.internal.http;

import io.junction.core.CoreConfig;
import io.junction.core.JunctionCore;

/** How many request body bytes each operation may receive before it is answered 413. */
final class BodyLimits {
    /** Room for the JSON around the values that the limits count. */
    static final long JSON_OVERHEAD = 64 * 1024;
    /** Per batch message: id, key, content type and a few headers, with JSON punctuation. */
    static final long BATCH_MESSAGE_OVERHEAD = 2 * 1024;
    /** Per ackId in ack, nack and extend bodies: the longest ackId plus quotes and a comma. */
    static final long ACK_ID_BYTES = 260;
    /** Per id in a redrive body: the longest message id with every character escaped, plus quotes and a comma. */
    static final long MESSAGE_ID_BYTES = 2 * 200 + 3;

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
        if ("redriveDeadLetters".equals(operationId)) {
            return JSON_OVERHEAD + JunctionCore.MAX_REDRIVE * MESSAGE_ID_BYTES;
        }
        return JSON_OVERHEAD + limits.maxPullMessages() * ACK_ID_BYTES;
    }
}
