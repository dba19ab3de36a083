package io.junction.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.junction.core.state.StateStore;
import io.vertx.core.Context;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failures of one subscription's messages that are still being retried, kept in memory for the
 * delivery path and written through to the {@link StateStore} so that attempt counts survive a gateway
 * restart. Writes are not awaited: the store commits within about a second, so a crash can forget the
 * failures of that last second. Entries go when the message is acked or dead-lettered.
 */
public final class AttemptLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final StateStore state;
    private final Context context;
    private final String mapName;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    private AttemptLedger(StateStore state, Context context, String subscription) {
        this.state = state;
        this.context = context;
        this.mapName = "attempts." + subscription;
    }

    /** Reads what is stored. Blocks: store thread only. */
    public static AttemptLedger load(StateStore state, Context context, String subscription) {
        AttemptLedger ledger = new AttemptLedger(state, context, subscription);
        ledger.map().forEach((id, bytes) -> ledger.failures.put(id, decode(bytes)));
        return ledger;
    }

    /** Failures so far of this message, or null. */
    public Failure get(String messageId) {
        return failures.get(messageId);
    }

    public void record(String messageId, Failure failure) {
        failures.put(messageId, failure);
        write(() -> map().put(messageId, encode(failure)));
    }

    public void forget(String messageId) {
        if (failures.remove(messageId) != null) {
            write(() -> map().remove(messageId));
        }
    }

    /** Forgets a deleted subscription's records. Blocks: store thread only. */
    public void drop() {
        failures.clear();
        map().clear();
    }

    private void write(Runnable change) {
        state.run(context, () -> {
            change.run();
            return null;
        }).onFailure(e -> LOG.warn("could not record an attempt count in {}: {}", mapName, e.toString()));
    }

    private MVMap<String, byte[]> map() {
        return state.map(mapName);
    }

    private static byte[] encode(Failure f) {
        try {
            return JSON.writeValueAsBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Failure decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Failure.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
