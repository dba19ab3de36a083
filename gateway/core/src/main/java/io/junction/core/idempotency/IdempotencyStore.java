package io.junction.core.idempotency;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.Map;

/**
 * The message ids published per topic inside the dedup window, with what a retry is answered. Thread-safe;
 * no method blocks; futures complete on the caller's Vert.x context.
 */
public interface IdempotencyStore {
    /** The records of those {@code ids} still inside the dedup window, by id; unknown and expired ids are absent. */
    Future<Map<String, IdempotencyRecord>> find(String topic, Collection<String> ids);

    /** Remembers messages the broker accepted, by id, replacing what an id had before. */
    Future<Void> record(String topic, Map<String, IdempotencyRecord> records);

    /** Forgets every id of a deleted topic, so a topic re-created under its name starts afresh. */
    Future<Void> forgetTopic(String topic);

    /** Stops background work. The records stay on disk; the storage itself belongs to the caller. */
    void close();
}
