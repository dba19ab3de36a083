package io.junction.bridge.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.junction.spi.Message;

/**
 * Turns a {@link Message} into a Kafka record and back; the header names are the documented mapping (see
 * the package documentation) that native clients rely on.
 */
final class RecordCodec {
    static final String ID = "junction_id";
    static final String CONTENT_TYPE = "content-type";
    /** Nanoseconds within the record timestamp's millisecond, present when not zero, so the instant round-trips. */
    static final String PUBLISH_NANOS = "junction_publish_nanos";
    /** Prefix of a user header whose own name is reserved (starts with {@code junction_} or is {@code content-type}). */
    static final String ESCAPED_HEADER_PREFIX = "junction_h_";
    private static final String RESERVED_PREFIX = "junction_";

    private RecordCodec() {
    }

    /**
     * Key = the message key in UTF-8 (null without one, so Kafka's partitioner spreads such messages),
     * value = the payload, timestamp = the publish time, headers as documented.
     */
    static ProducerRecord<byte[], byte[]> encode(String topic, Message message) {
        List<Header> headers = new ArrayList<>(message.headers().size() + 3);
        headers.add(header(ID, message.id()));
        if (message.contentType() != null) {
            headers.add(header(CONTENT_TYPE, message.contentType()));
        }
        int nanos = message.publishTime().getNano() % 1_000_000;
        if (nanos != 0) {
            headers.add(header(PUBLISH_NANOS, Integer.toString(nanos)));
        }
        message.headers().forEach((name, value) -> headers.add(header(isReserved(name) ? ESCAPED_HEADER_PREFIX + name : name, value)));
        byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, message.publishTime().toEpochMilli(), key, message.payload(), headers);
    }

    /**
     * Reads a record written by {@link #encode} or by any producer: without {@code junction_id} the id is
     * {@code kafka-<partition>-<offset>} (stable across redeliveries), a null value is an empty payload, and
     * headers other than Junction's become headers with lower-cased names (values that are not UTF-8 are left out).
     */
    static Message decode(ConsumerRecord<byte[], byte[]> record) {
        String id = null;
        String contentType = null;
        int nanos = 0;
        Map<String, String> escaped = new HashMap<>();
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            String value = utf8(h.value());
            if (value == null) {
                continue;
            }
            String name = h.key();
            if (name.equals(ID)) {
                id = value;
            } else if (name.equals(CONTENT_TYPE)) {
                contentType = value;
            } else if (name.equals(PUBLISH_NANOS)) {
                nanos = parseNanos(value);
            } else if (name.startsWith(ESCAPED_HEADER_PREFIX)) {
                escaped.put(name.substring(ESCAPED_HEADER_PREFIX.length()), value);
            } else if (!name.startsWith(RESERVED_PREFIX)) {
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        headers.putAll(escaped);
        if (id == null) {
            id = "kafka-" + record.partition() + "-" + record.offset();
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        Instant publishTime = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()).plusNanos(nanos) : Instant.now();
        return new Message(id, key, headers, contentType, payload, publishTime);
    }

    private static boolean isReserved(String headerName) {
        return headerName.startsWith(RESERVED_PREFIX) || headerName.equals(CONTENT_TYPE);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int parseNanos(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 0 && n < 1_000_000 ? n : 0;
        } catch (NumberFormatException writtenBySomeoneElse) {
            return 0;
        }
    }

    /** The bytes as text, or null when they are absent or not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
