package io.junction.bridge.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;

import io.junction.spi.Message;

/**
 * Turns a {@link Message} into an AMQP 0-9-1 message and back; the header names are the documented mapping
 * (see the package documentation) that native clients rely on.
 */
final class MessageCodec {
    static final String KEY = "junction-key";
    static final String PUBLISH_TIME = "junction-publish-time";
    /** Nanoseconds within the millisecond of {@link #PUBLISH_TIME}, present when not 0, so the instant round-trips exactly. */
    static final String PUBLISH_NANOS = "junction-publish-nanos";
    static final String HEADER_PREFIX = "junction-h-";
    /** Set by quorum queues: how many times the message was returned to the queue (nack, consumer gone). */
    static final String DELIVERY_COUNT = "x-delivery-count";
    static final int PERSISTENT = 2;

    /** Headers RabbitMQ itself adds; a native message's other headers become Junction headers. */
    private static final List<String> BROKER_HEADER_PREFIXES = List.of("x-delivery-count", "x-death", "x-first-death-",
            "x-last-death-");
    private static final String JUNCTION_PREFIX = "junction-";

    /** What {@code basicPublish} needs besides the exchange. */
    record Encoded(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    }

    private MessageCodec() {
    }

    /** A persistent message: message-id = id, content-type, timestamp (seconds) and the headers above. */
    static Encoded encode(Message message) {
        Map<String, Object> headers = new HashMap<>();
        long millis = message.publishTime().toEpochMilli();
        headers.put(PUBLISH_TIME, millis);
        int nanos = message.publishTime().getNano() % 1_000_000;
        if (nanos != 0) {
            headers.put(PUBLISH_NANOS, nanos);
        }
        if (message.key() != null) {
            headers.put(KEY, message.key());
        }
        message.headers().forEach((name, value) -> headers.put(HEADER_PREFIX + name, value));
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(PERSISTENT)
                .messageId(message.id())
                .contentType(message.contentType())
                .timestamp(new Date(millis))
                .headers(headers)
                .build();
        return new Encoded(Names.routingKey(message.key(), message.id()), properties, message.payload());
    }

    /**
     * Reads a message written by {@link #encode} or by a native publisher. A native publisher's message (one
     * without {@link #PUBLISH_TIME}) has its routing key as key (none when empty), the timestamp property as
     * publish time, a digest of its content as id when it has no message-id, and its own headers as headers
     * with lower-cased names. Never throws.
     */
    static Message decode(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> raw = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        boolean fromJunction = raw.containsKey(PUBLISH_TIME);
        String routingKey = envelope.getRoutingKey();
        String key = raw.get(KEY) != null ? raw.get(KEY).toString()
                : fromJunction || routingKey == null || routingKey.isEmpty() ? null : routingKey;
        String id = properties.getMessageId() != null ? properties.getMessageId() : digestId(envelope, properties, body);
        return new Message(id, key, headers(raw), properties.getContentType(), body == null ? new byte[0] : body,
                publishTime(raw, properties));
    }

    /** 1 plus the times the queue got the message back (quorum queues count returns in {@code x-delivery-count}). */
    static int attempt(AMQP.BasicProperties properties) {
        Object count = properties.getHeaders() == null ? null : properties.getHeaders().get(DELIVERY_COUNT);
        if (count instanceof Number n && n.longValue() >= 0 && n.longValue() < Integer.MAX_VALUE) {
            return 1 + n.intValue();
        }
        return 1;
    }

    /**
     * A native message without message-id: a digest of what identifies it (routing key, timestamp, body), so
     * that its redeliveries keep one id.
     */
    private static String digestId(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        String routing = envelope.getRoutingKey() == null ? "" : envelope.getRoutingKey();
        long timestamp = properties.getTimestamp() == null ? 0 : properties.getTimestamp().getTime();
        byte[] head = (routing + "\u0000" + timestamp + "\u0000").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + (body == null ? 0 : body.length)];
        System.arraycopy(head, 0, all, 0, head.length);
        if (body != null) {
            System.arraycopy(body, 0, all, head.length, body.length);
        }
        return "amqp-" + HexFormat.of().formatHex(Names.sha256(all), 0, 16);
    }

    private static Instant publishTime(Map<String, Object> raw, AMQP.BasicProperties properties) {
        if (raw.get(PUBLISH_TIME) instanceof Number millis) {
            long nanos = raw.get(PUBLISH_NANOS) instanceof Number n ? n.longValue() : 0;
            return Instant.ofEpochMilli(millis.longValue()).plusNanos(nanos);
        }
        return properties.getTimestamp() != null ? properties.getTimestamp().toInstant() : Instant.now();
    }

    private static Map<String, String> headers(Map<String, Object> raw) {
        Map<String, String> headers = new HashMap<>();
        Map<String, String> nativeHeaders = new HashMap<>();
        raw.forEach((name, value) -> {
            String text = text(value);
            if (text == null) {
                return;
            }
            if (name.startsWith(HEADER_PREFIX)) {
                headers.put(name.substring(HEADER_PREFIX.length()), text);
            } else if (!name.startsWith(JUNCTION_PREFIX) && BROKER_HEADER_PREFIXES.stream().noneMatch(name::startsWith)) {
                nativeHeaders.put(name.toLowerCase(Locale.ROOT), text);
            }
        });
        nativeHeaders.forEach(headers::putIfAbsent);
        return headers;
    }

    /** Scalar header values as text; tables, arrays and raw bytes are not headers Junction can carry. */
    private static String text(Object value) {
        if (value instanceof LongString || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        return null;
    }
}
