package io.junction.core.idempotency;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * What the gateway remembers of a published message id: enough to answer a retry of it.
 *
 * @param digest           the message's {@link MessageFingerprint}; callers must not modify the array
 * @param position         the position of the broker's receipt, or null where the broker reports none
 * @param acceptedAtMillis when the broker acknowledged the message (epoch ms); the dedup window counts from here
 */
public record IdempotencyRecord(byte[] digest, String position, long acceptedAtMillis) {
    public IdempotencyRecord {
        Objects.requireNonNull(digest, "digest");
    }

    /** Whether {@code otherDigest} fingerprints the same message as this record's. */
    public boolean sameMessage(byte[] otherDigest) {
        return MessageDigest.isEqual(digest, otherDigest);
    }
}
