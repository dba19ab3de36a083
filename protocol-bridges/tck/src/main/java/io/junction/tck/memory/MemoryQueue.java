package io.junction.tck.memory;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

import java.util.TreeMap;

/**
 * One subscription's messages, in publish order. All methods synchronise on the queue; waiting
 * subscribers are woken with {@code notifyAll} whenever a message becomes available.
 */
final class MemoryQueue {
    /** A stored message and who holds it now. */
    static final class Entry {
        final long sequence;
        final Message message;
        int deliveries;
        long availableAtMillis;
        MemoryDelivery holder; // the delivery currently reserving it, or null

        Entry(long sequence, Message message) {
            this.sequence = sequence;
            this.message = message;
        }
    }

    private final String topic;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private boolean deleted;

    MemoryQueue(String topic) {
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    synchronized void add(long sequence, Message message) {
        entries.put(sequence, new Entry(sequence, message));
        notifyAll();
    }

    /**
     * Reserves the first available message for {@code holder}, or returns null after waiting at most
     * {@code maxWaitMillis} (less when a delayed message becomes available sooner).
     */
    synchronized Entry take(MemorySubscriber subscriber, long maxWaitMillis) throws InterruptedException {
        long now = System.currentTimeMillis();
        long nextAvailable = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            if (e.holder == null) {
                if (e.availableAtMillis <= now) {
                    e.deliveries++;
                    e.holder = new MemoryDelivery(this, e, subscriber);
                    return e;
                }
                nextAvailable = Math.min(nextAvailable, e.availableAtMillis);
            }
        }
        if (!deleted) {
            wait(Math.max(1, Math.min(maxWaitMillis, nextAvailable - now)));
        }
        return null;
    }

    synchronized void ack(long sequence, MemoryDelivery holder) {
        reserved(sequence, holder);
        entries.remove(sequence);
    }

    synchronized void release(long sequence, MemoryDelivery holder, long delayMillis) {
        Entry e = reserved(sequence, holder);
        e.holder = null;
        e.availableAtMillis = System.currentTimeMillis() + delayMillis;
        notifyAll();
    }

    synchronized void checkReserved(long sequence, MemoryDelivery holder) {
        reserved(sequence, holder);
    }

    /** Returns every message reserved by deliveries of {@code subscriber} to the queue, available at once. */
    synchronized void releaseAll(MemorySubscriber subscriber) {
        for (Entry e : entries.values()) {
            if (e.holder != null && e.holder.subscriber() == subscriber) {
                e.holder = null;
                e.availableAtMillis = 0;
            }
        }
        notifyAll();
    }

    /** Drops every message, reserved or not (a seek refills it). */
    synchronized void clear() {
        entries.clear();
    }

    synchronized void markDeleted() {
        deleted = true;
        entries.clear();
        notifyAll();
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    private Entry reserved(long sequence, MemoryDelivery holder) {
        Entry e = entries.get(sequence);
        if (e == null || e.holder != holder) {
            throw new BackendException(ErrorKind.NOT_FOUND, "delivery already settled or returned");
        }
        return e;
    }
}
