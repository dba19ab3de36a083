package io.junction.core.idempotency;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The message ids being published right now, so that a concurrent publish of the same id waits for the
 * first one's outcome instead of sending a second copy. Holds at most {@code max} ids. Thread-safe.
 */
final class InFlightIds {
    private final ConcurrentMap<String, Future<Void>> claims = new ConcurrentHashMap<>();
    private final int max;

    InFlightIds(int max) {
        this.max = max;
    }

    /**
     * Claims every key for {@code owner}, or none: all or nothing, so two batches sharing ids never wait
     * for each other.
     *
     * @return the owners' futures of the keys others hold (then nothing was claimed); empty when all were claimed
     * @throws JunctionException TOO_MANY_REQUESTS when the claims would exceed the bound
     */
    List<Future<Void>> claimAll(Collection<String> keys, Future<Void> owner) {
        if (claims.size() + keys.size() > max) {
            throw new JunctionException(ErrorType.TOO_MANY_REQUESTS,
                    "more than " + max + " messages are being published at once; retry shortly");
        }
        List<String> claimed = new ArrayList<>(keys.size());
        List<Future<Void>> others = new ArrayList<>();
        for (String key : keys) {
            Future<Void> holder = claims.putIfAbsent(key, owner);
            if (holder == null) {
                claimed.add(key);
            } else {
                others.add(holder);
            }
        }
        if (!others.isEmpty()) {
            releaseAll(claimed, owner);
        }
        return others;
    }

    /** Releases {@code owner}'s claims; call before completing {@code owner}, so its waiters find the keys free. */
    void releaseAll(Collection<String> keys, Future<Void> owner) {
        keys.forEach(key -> claims.remove(key, owner));
    }
}
