package io.junction.core.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets one message per key through at a time, the others wait in arrival order behind it. Messages
 * without a key pass at once. Not thread-safe: the owner guards it.
 */
public final class KeySequencer<T> {
    private final Map<String, ArrayDeque<T>> behindHead = new HashMap<>(); // a key is busy while present
    private int waiting;

    /** @return true when {@code item} may go now; false when it waits behind its key's current head */
    public boolean admit(String key, T item) {
        if (key == null) {
            return true;
        }
        ArrayDeque<T> queue = behindHead.get(key);
        if (queue == null) {
            behindHead.put(key, new ArrayDeque<>());
            return true;
        }
        queue.add(item);
        waiting++;
        return false;
    }

    /** The key's current head is done: @return the next item of the key, which may go now, or null */
    public T release(String key) {
        if (key == null) {
            return null;
        }
        ArrayDeque<T> queue = behindHead.get(key);
        if (queue == null) {
            return null;
        }
        T next = queue.poll();
        if (next == null) {
            behindHead.remove(key);
        } else {
            waiting--;
        }
        return next;
    }

    /** Items waiting behind a head. */
    public int waiting() {
        return waiting;
    }

    public void clear() {
        behindHead.clear();
        waiting = 0;
    }
}
