package io.junction.bridge.artemis;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Topics recently seen to exist, so that a publish does not pay an address query round trip each time.
 * Only positive answers are kept, for {@code addressCacheMs}; a topic deleted through this backend is
 * forgotten at once. A topic deleted through another gateway may still be published to for that long:
 * a broker with auto-create off refuses the send (NOT_FOUND); one with auto-create on accepts it into an
 * address without queues, i.e. no subscription receives it.
 */
final class AddressCache {
    private final long ttlNanos;
    private final ConcurrentMap<String, Long> expiries = new ConcurrentHashMap<>();

    AddressCache(long ttlMs) {
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
