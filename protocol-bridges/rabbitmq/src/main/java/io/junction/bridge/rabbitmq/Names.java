package io.junction.bridge.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * How Junction's names become RabbitMQ's. Topic and subscription names never contain {@code ':'}, so the
 * suffixes below cannot collide with another topic's or subscription's objects.
 */
final class Names {
    /** The longest routing key AMQP 0-9-1 carries (a short string). */
    static final int MAX_ROUTING_KEY_BYTES = 255;
    private static final String DISCARD_SUFFIX = ":discard";
    private static final String SHARDS_SUFFIX = ":shards";
    private static final String DIGEST_PREFIX = "sha256:";

    private Names() {
    }

    /** A topic is a durable fanout exchange of the same name. */
    static String topicExchange(String topic) {
        return topic;
    }

    /** Bound to every topic so that a publish to a topic without subscriptions is routed (and dropped), not returned. */
    static String discardQueue(String topic) {
        return topic + DISCARD_SUFFIX;
    }

    /** A subscription's modulus-hash exchange, bound to its topic's exchange. */
    static String shardExchange(String subscription) {
        return subscription + SHARDS_SUFFIX;
    }

    /** A subscription's shard queue {@code index}: {@code <subscription>:00}, {@code :01}, ... (also its lane). */
    static String shardQueue(String subscription, int index) {
        return subscription + ":" + (index < 10 ? "0" : "") + index;
    }

    /** The subscription a shard exchange belongs to, or null when {@code exchange} is not one. */
    static String subscriptionOf(String exchange) {
        return exchange.endsWith(SHARDS_SUFFIX) ? exchange.substring(0, exchange.length() - SHARDS_SUFFIX.length()) : null;
    }

    /**
     * The routing key a message is published with, which the modulus-hash exchanges hash: its key, or its id
     * when it has none (unkeyed messages spread over the shards instead of crowding one); as is when it fits
     * in 255 bytes, otherwise {@code sha256:} and its SHA-256 in unpadded base64url (so equal keys still meet
     * in one shard).
     */
    static String routingKey(String key, String id) {
        String hashed = key != null ? key : id;
        byte[] utf8 = hashed.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_ROUTING_KEY_BYTES) {
            return hashed;
        }
        return DIGEST_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(utf8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
