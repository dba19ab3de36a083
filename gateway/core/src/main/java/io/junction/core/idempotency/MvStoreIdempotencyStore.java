package io.junction.core.idempotency;

import io.junction.core.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The embedded {@link IdempotencyStore}: two maps in the gateway's {@link StateStore} (the MVStore file in
 * the data dir), so records survive a restart and memory stays within the state store's page cache.
 * {@value #RECORDS_MAP} maps {@code topic NUL id} to the {@link RecordCodec encoded} record;
 * {@value #BY_TIME_MAP} maps {@code acceptedAt (13 digits) NUL topic NUL id} to nothing, oldest first, for
 * the sweep. Lookups ignore expired records at once; a periodic sweep removes them in steps of at most
 * {@value #STEP} entries, so lookups queued on the store thread never wait behind a long removal.
 */
public final class MvStoreIdempotencyStore implements IdempotencyStore {
    static final String RECORDS_MAP = "idempotency";
    static final String BY_TIME_MAP = "idempotency-by-time";
    /** Most entries one store-thread task removes. */
    static final int STEP = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(MvStoreIdempotencyStore.class);
    private static final char SEP = '\u0000';
    private static final int TIME_DIGITS = 13;
    private static final byte[] NOTHING = new byte[0];

    private final Vertx vertx;
    private final StateStore state;
    private final long windowMs;
    private final LongSupplier clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final long sweepTimer;

    public MvStoreIdempotencyStore(Vertx vertx, StateStore state, Duration window) {
        this(vertx, state, window, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds, to judge expiry */
    MvStoreIdempotencyStore(Vertx vertx, StateStore state, Duration window, LongSupplier clock) {
        this.vertx = vertx;
        this.state = state;
        this.windowMs = window.toMillis();
        this.clock = clock;
        this.sweepTimer = vertx.setPeriodic(Math.max(1_000, Math.min(60_000, windowMs / 10)), id -> sweepInBackground());
    }

    @Override
    public Future<Map<String, IdempotencyRecord>> find(String topic, Collection<String> ids) {
        return state.run(vertx.getOrCreateContext(), () -> {
            MVMap<String, byte[]> records = state.map(RECORDS_MAP);
            long expired = clock.getAsLong() - windowMs;
            Map<String, IdempotencyRecord> found = new HashMap<>();
            for (String id : ids) {
                byte[] value = records.get(key(topic, id));
                if (value != null && RecordCodec.acceptedAt(value) > expired) {
                    found.put(id, RecordCodec.decode(value));
                }
            }
            return found;
        });
    }

    @Override
    public Future<Void> record(String topic, Map<String, IdempotencyRecord> newRecords) {
        return state.run(vertx.getOrCreateContext(), () -> {
            MVMap<String, byte[]> records = state.map(RECORDS_MAP);
            MVMap<String, byte[]> byTime = state.map(BY_TIME_MAP);
            newRecords.forEach((id, record) -> {
                String key = key(topic, id);
                // Index first: a crash between the two writes leaves an index entry the sweep drops, never a
                // record the sweep cannot find.
                byTime.put(timeKey(record.acceptedAtMillis(), key), NOTHING);
                records.put(key, RecordCodec.encode(record));
            });
            return null;
        });
    }

    @Override
    public Future<Void> forgetTopic(String topic) {
        String prefix = topic + SEP;
        return state.run(vertx.getOrCreateContext(), () -> {
            MVMap<String, byte[]> records = state.map(RECORDS_MAP);
            int removed = 0;
            for (String key = records.ceilingKey(prefix); key != null && key.startsWith(prefix) && removed < STEP;
                 key = records.ceilingKey(prefix)) {
                records.remove(key); // its index entry goes with the sweep
                removed++;
            }
            return removed;
        }).compose(removed -> removed == STEP ? forgetTopic(topic) : Future.succeededFuture());
    }

    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
    }

    /** Removes every expired record, one bounded step per store-thread task; completes with the entries removed. */
    Future<Integer> sweep() {
        return state.run(vertx.getOrCreateContext(), this::sweepStep)
                .compose(removed -> removed == STEP ? sweep().map(more -> removed + more) : Future.succeededFuture(removed));
    }

    private void sweepInBackground() {
        if (sweeping.compareAndSet(false, true)) {
            sweep().onComplete(ar -> {
                sweeping.set(false);
                if (ar.failed()) {
                    LOG.warn("could not sweep expired idempotency records; the next sweep retries", ar.cause());
                }
            });
        }
    }

    /** Store thread only. */
    private int sweepStep() {
        MVMap<String, byte[]> records = state.map(RECORDS_MAP);
        MVMap<String, byte[]> byTime = state.map(BY_TIME_MAP);
        long expired = clock.getAsLong() - windowMs;
        int removed = 0;
        for (String entry = byTime.firstKey(); entry != null && removed < STEP; entry = byTime.firstKey()) {
            long acceptedAt = Long.parseLong(entry, 0, TIME_DIGITS, 10);
            if (acceptedAt > expired) {
                break;
            }
            String key = entry.substring(TIME_DIGITS + 1);
            byte[] value = records.get(key);
            if (value != null && RecordCodec.acceptedAt(value) == acceptedAt) {
                records.remove(key); // else the id was published again later and has its own index entry
            }
            byTime.remove(entry);
            removed++;
        }
        return removed;
    }

    private static String key(String topic, String id) {
        return topic + SEP + id;
    }

    private static String timeKey(long acceptedAtMillis, String key) {
        String millis = Long.toString(acceptedAtMillis);
        return "0".repeat(Math.max(0, TIME_DIGITS - millis.length())) + millis + SEP + key;
    }
}
