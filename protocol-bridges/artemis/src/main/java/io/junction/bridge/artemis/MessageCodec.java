package io.junction.bridge.artemis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQPropertyConversionException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import io.junction.spi.Message;

/**
 * Turns a {@link Message} into an Artemis core message and back; the property names are the documented
 * mapping (see the package documentation) that native clients rely on.
 */
final class MessageCodec {
    static final String ID = "junction_id";
    static final String KEY = "junction_key";
    static final String CONTENT_TYPE = "junction_content_type";
    static final String PUBLISH_TIME = "junction_publish_time";
    /** Nanoseconds within the millisecond of {@link #PUBLISH_TIME}, present when not zero, so the instant round-trips exactly. */
    static final String PUBLISH_NANOS = "junction_publish_nanos";
    static final String ATTEMPT = "junction_attempt";
    static final String HEADER_PREFIX = "junction_h_";

    private static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

    private MessageCodec() {
    }

    /**
     * A durable BYTES message (what a JMS BytesMessage is on the wire). With {@code dedup}, the id also goes
     * into {@code _AMQ_DUPL_ID} so the broker drops a second publish of it.
     */
    static ClientMessage encode(ClientSession session, Message message, boolean dedup) {
        ClientMessage m = session.createMessage(ClientMessage.BYTES_TYPE, true);
        m.getBodyBuffer().writeBytes(message.payload());
        long millis = message.publishTime().toEpochMilli();
        m.setTimestamp(millis);
        m.putLongProperty(PUBLISH_TIME, millis);
        int nanos = message.publishTime().getNano() % 1_000_000;
        if (nanos != 0) {
            m.putIntProperty(PUBLISH_NANOS, nanos);
        }
        m.putStringProperty(ID, message.id());
        if (dedup) {
            m.putStringProperty(ClientMessage.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(message.id()));
        }
        if (message.key() != null) {
            // _AMQ_GROUP_ID is JMSXGroupID for JMS clients and group-id for AMQP ones
            m.putStringProperty(ClientMessage.HDR_GROUP_ID, SimpleString.of(message.key()));
            m.putStringProperty(KEY, message.key());
        }
        if (message.contentType() != null) {
            m.putStringProperty(CONTENT_TYPE, message.contentType());
        }
        message.headers().forEach((name, value) -> m.putStringProperty(HEADER_PREFIX + name, value));
        return m;
    }

    /**
     * Reads a message written by {@link #encode} or by a native producer: missing Junction properties fall
     * back to the native ones (group id, timestamp, JMS message id), and a native producer's own
     * application properties become headers.
     */
    static Message decode(ClientMessage m) {
        String key = string(m, KEY);
        if (key == null) {
            key = string(m, ClientMessage.HDR_GROUP_ID.toString());
        }
        String contentType = string(m, CONTENT_TYPE);
        if (contentType == null && m.getType() == ClientMessage.TEXT_TYPE) {
            contentType = TEXT_CONTENT_TYPE;
        }
        return new Message(id(m), key, headers(m), contentType, body(m), publishTime(m));
    }

    /** Junction's attempt carried by a nacked copy (1 when absent) plus the broker's redeliveries of this copy. */
    static int attempt(ClientMessage m) {
        int base = 1;
        if (m.containsProperty(ATTEMPT)) {
            try {
                base = Math.max(1, m.getIntProperty(ATTEMPT));
            } catch (ActiveMQPropertyConversionException notAnInt) {
                // written by someone else: ignore it
            }
        }
        return base + Math.max(0, m.getDeliveryCount() - 1);
    }

    private static String id(ClientMessage m) {
        String id = string(m, ID);
        if (id != null) {
            return id;
        }
        // what a JMS consumer sees as JMSMessageID
        return m.getUserID() != null ? "ID:" + m.getUserID() : "artemis-" + m.getMessageID();
    }

    private static Instant publishTime(ClientMessage m) {
        if (m.containsProperty(PUBLISH_TIME)) {
            try {
                long millis = m.getLongProperty(PUBLISH_TIME);
                int nanos = m.containsProperty(PUBLISH_NANOS) ? m.getIntProperty(PUBLISH_NANOS) : 0;
                return Instant.ofEpochMilli(millis).plusNanos(nanos);
            } catch (ActiveMQPropertyConversionException notALong) {
                // written by someone else: fall through
            }
        }
        return m.getTimestamp() > 0 ? Instant.ofEpochMilli(m.getTimestamp()) : Instant.now();
    }

    private static Map<String, String> headers(ClientMessage m) {
        Map<String, String> headers = new HashMap<>();
        Map<String, String> nativeHeaders = new HashMap<>();
        for (SimpleString name : m.getPropertyNames()) {
            String n = name.toString();
            Object value = m.getObjectProperty(name);
            if (value == null || value instanceof byte[]) {
                continue;
            }
            if (n.startsWith(HEADER_PREFIX)) {
                headers.put(n.substring(HEADER_PREFIX.length()), value.toString());
            } else if (isNativeApplicationProperty(n)) {
                nativeHeaders.put(n.toLowerCase(Locale.ROOT), value.toString());
            }
        }
        nativeHeaders.forEach(headers::putIfAbsent);
        return headers;
    }

    /** Not Artemis-internal ({@code _AMQ_*}, {@code __AMQ_*}), not a JMS header, not one of ours. */
    private static boolean isNativeApplicationProperty(String name) {
        return !name.startsWith("_") && !name.startsWith("JMS") && !name.startsWith("junction_");
    }

    private static byte[] body(ClientMessage m) {
        ActiveMQBuffer buffer = m.getBodyBuffer();
        if (m.getType() == ClientMessage.TEXT_TYPE) {
            SimpleString text = buffer.readNullableSimpleString();
            return text == null ? new byte[0] : text.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    private static String string(ClientMessage m, String name) {
        Object value = m.getObjectProperty(name);
        return value == null ? null : value.toString();
    }
}
