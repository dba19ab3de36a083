package io.junction.bridge.nats;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.junction.spi.Message;

/**
 * Turns a {@link Message} into NATS headers and back; the header names are the documented mapping (see
 * the package documentation) that native clients rely on. Values and names go through {@link HeaderText}.
 */
final class MessageCodec {
    /** JetStream's own deduplication header. */
    static final String MSG_ID = "Nats-Msg-Id";
    static final String KEY = "Junction-Key";
    static final String CONTENT_TYPE = "Junction-Content-Type";
    /** ISO-8601 instant, to the nanosecond, e.g. {@code 2026-03-04T05:06:07.089Z}. */
    static final String PUBLISH_TIME = "Junction-Publish-Time";
    static final String HEADER_PREFIX = "Junction-H-";

    private static final String NATS_PREFIX = "nats-";
    private static final String JUNCTION_PREFIX = "junction-";

    private MessageCodec() {
    }

    static Headers headers(Message message) {
        Headers h = new Headers();
        h.put(MSG_ID, HeaderText.encodeValue(message.id()));
        h.put(PUBLISH_TIME, message.publishTime().toString());
        if (message.key() != null) {
            h.put(KEY, HeaderText.encodeValue(message.key()));
        }
        if (message.contentType() != null) {
            h.put(CONTENT_TYPE, HeaderText.encodeValue(message.contentType()));
        }
        message.headers().forEach((name, value) -> h.put(HEADER_PREFIX + HeaderText.encodeName(name), HeaderText.encodeValue(value)));
        return h;
    }

    /**
     * Reads a JetStream message written by {@link #headers} or by a native producer: a missing id becomes
     * {@code <stream>:<sequence>}, a missing publish time the time JetStream stored it, and a native
     * producer's own headers (neither {@code Nats-*} nor {@code Junction-*}) become headers with lower-cased
     * names, several values joined by {@code ", "}.
     */
    static Message decode(io.nats.client.Message raw) {
        NatsJetStreamMetaData meta = raw.metaData();
        return decode(raw, () -> meta.getStream() + ":" + meta.streamSequence(), () -> meta.timestamp().toInstant());
    }

    /**
     * Reads a core NATS message (of an at-most-once topic) as {@link #decode} does, but a missing id becomes a
     * random UUID (nothing identifies a core message, and it is never delivered again) and a missing publish
     * time the time it arrived.
     */
    static Message decodeCore(io.nats.client.Message raw) {
        return decode(raw, () -> UUID.randomUUID().toString(), Instant::now);
    }

    private static Message decode(io.nats.client.Message raw, Supplier<String> fallbackId, Supplier<Instant> fallbackTime) {
        Headers h = raw.getHeaders();
        String id = value(h, MSG_ID);
        if (id == null) {
            id = fallbackId.get();
        }
        byte[] payload = raw.getData() == null ? new byte[0] : raw.getData();
        return new Message(id, value(h, KEY), headers(h), value(h, CONTENT_TYPE), payload, publishTime(h, fallbackTime));
    }

    private static Instant publishTime(Headers h, Supplier<Instant> fallback) {
        String text = h == null ? null : h.getFirst(PUBLISH_TIME);
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException writtenBySomeoneElse) {
                // fall through to the fallback
            }
        }
        return fallback.get();
    }

    private static Map<String, String> headers(Headers h) {
        Map<String, String> headers = new HashMap<>();
        if (h == null) {
            return headers;
        }
        Map<String, String> nativeHeaders = new HashMap<>();
        for (String name : h.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(HEADER_PREFIX)) {
                headers.put(HeaderText.decodeName(name.substring(HEADER_PREFIX.length())), HeaderText.decodeValue(h.getFirst(name)));
            } else if (!lower.startsWith(NATS_PREFIX) && !lower.startsWith(JUNCTION_PREFIX)) {
                nativeHeaders.merge(lower, String.join(", ", h.get(name)), (a, b) -> a + ", " + b);
            }
        }
        nativeHeaders.forEach(headers::putIfAbsent);
        return headers;
    }

    private static String value(Headers h, String name) {
        String v = h == null ? null : h.getFirst(name);
        return v == null ? null : HeaderText.decodeValue(v);
    }
}
