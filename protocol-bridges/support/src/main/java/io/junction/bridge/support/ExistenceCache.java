package io.junction.bridge.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Names recently seen to exist (topics, addresses), each trusted for a fixed time, so that a publish does
 * not ask the broker every time. Only positive answers are kept; a time of 0 keeps nothing. Thread-safe.
 */
public final class ExistenceCache {
    private final long ttlNanos;
    private final ConcurrentMap<String, Long> expiries = new ConcurrentHashMap<>();

    public ExistenceCache(long ttlMs) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMs);
    }

    /** Whether {@code name} was remembered less than the trusted time ago. */
    public boolean isKnown(String name) {
        Long expiry = expiries.get(name);
        if (expiry == null) {
            return false;
        }
        if (System.nanoTime() - expiry < 0) {
            return true;
        }
        expiries.remove(name, expiry);
        return false;
    }

    /** Records that {@code name} exists now. */
    public void remember(String name) {
        if (ttlNanos > 0) {
            expiries.put(name, System.nanoTime() + ttlNanos);
        }
    }

    /** Drops {@code name}, e.g. when this backend deleted it or the broker said it is missing. */
    public void forget(String name) {
        expiries.remove(name);
    }
}
