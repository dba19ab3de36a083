package io.junction.spi;

import java.util.Objects;

/**
 * The broker's durable acknowledgement of one published message.
 *
 * @param id        the message id
 * @param position  an opaque, backend-specific position (offset, sequence), or null where the broker
 *                  does not report one to the producer
 * @param duplicate true when the broker's native deduplication recognised the id and stored nothing new
 */
public record PublishReceipt(String id, String position, boolean duplicate) {
    public PublishReceipt {
        Objects.requireNonNull(id, "id");
    }
}
