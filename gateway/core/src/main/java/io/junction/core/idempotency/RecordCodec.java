package io.junction.core.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of an {@link IdempotencyRecord}: a flags byte (bit 0: a position follows), the 32-byte
 * digest, the acceptance time as 8 bytes, then the position in UTF-8.
 */
final class RecordCodec {
    private static final int DIGEST_BYTES = 32;
    private static final int HEADER_BYTES = 1 + DIGEST_BYTES + Long.BYTES;
    private static final byte HAS_POSITION = 1;

    private RecordCodec() {
    }

    static byte[] encode(IdempotencyRecord record) {
        if (record.digest().length != DIGEST_BYTES) {
            throw new IllegalArgumentException("a digest has " + DIGEST_BYTES + " bytes, not " + record.digest().length);
        }
        byte[] position = record.position() == null ? new byte[0] : record.position().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER_BYTES + position.length)
                .put(record.position() == null ? 0 : HAS_POSITION)
                .put(record.digest())
                .putLong(record.acceptedAtMillis())
                .put(position)
                .array();
    }

    static IdempotencyRecord decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        boolean hasPosition = (in.get() & HAS_POSITION) != 0;
        byte[] digest = new byte[DIGEST_BYTES];
        in.get(digest);
        long acceptedAt = in.getLong();
        String position = hasPosition
                ? new String(value, HEADER_BYTES, value.length - HEADER_BYTES, StandardCharsets.UTF_8) : null;
        return new IdempotencyRecord(digest, position, acceptedAt);
    }

    static long acceptedAt(byte[] value) {
        return ByteBuffer.wrap(value, 1 + DIGEST_BYTES, Long.BYTES).getLong();
    }
}
