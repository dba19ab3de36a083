package io.junction.bridge.rabbitmq;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Topics recently seen to exist, so that a publish does not pay a passive-declare round trip each time.
 * Only positive answers are kept, for {@code topicCacheMs}; a topic deleted through this backend is
 * forgotten at once. A topic deleted through another gateway within that time is still published to:
 * the broker then closes the publishing channel (404), which fails the publishes in flight on it as
 * RETRIABLE and the retry finds the topic missing.
 */
final class TopicCache {
    private final long ttlNanos;
    private final ConcurrentMap<String, Long> expiries = new ConcurrentHashMap<>();

    TopicCache(long ttlMs) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMs);
    }

    boolean isKnown(String topic) {
        Long expiry = expiries.get(topic);
        if (expiry == null) {
            return false;
        }
        if (System.nanoTime() - expiry < 0) {
            return true;
        }
        expiries.remove(topic, expiry);
        return false;
    }

    void remember(String topic) {
        if (ttlNanos > 0) {
            expiries.put(topic, System.nanoTime() + ttlNanos);
        }
    }

    void forget(String topic) {
        expiries.remove(topic);
    }
}
