package io.junction.core.deadletter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.junction.core.delivery.Failure;
import io.junction.core.state.StateStore;
import io.junction.spi.Message;
import org.h2.mvstore.MVMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dead-letter queues, one per subscription, in the gateway's {@link StateStore}. Every method blocks on
 * the store and must run on its thread; writes that callers rely on are committed to disk before the
 * method returns.
 *
 * <p>Per subscription three maps: entries by zero-padded sequence (so iteration is queue order), the
 * sequence of each message id, and for parked keys the number of their dead letters not yet redriven.
 */
public final class DeadLetterStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String NEXT_SEQUENCE = "next";

    private final StateStore state;

    public DeadLetterStore(StateStore state) {
        this.state = state;
    }

    /**
     * Adds a message, or updates it in place (same place in the queue, no longer redriving) when it is
     * already there, e.g. a redriven message that failed again. Durable on return.
     *
     * @param parkKey also count it against its key's parking (park mode)
     */
    public DeadLetter put(String subscription, Message message, Failure failure, Instant now, boolean parkKey) {
        Optional<DeadLetter> known = get(subscription, message.id());
        long sequence = known.map(DeadLetter::sequence).orElseGet(() -> nextSequence(subscription));
        DeadLetter entry = new DeadLetter(sequence, message, failure, now, false);
        entries(subscription).put(key(sequence), encode(entry));
        ids(subscription).put(message.id(), Long.toString(sequence).getBytes());
        boolean newlyDead = known.isEmpty() || known.get().redriving();
        if (parkKey && message.key() != null && newlyDead) {
            changeParked(subscription, message.key(), 1);
        }
        state.commitDurably();
        return entry;
    }

    /** Oldest first, starting after {@code afterSequence} (-1 for the start). */
    public List<DeadLetter> list(String subscription, long afterSequence, int limit) {
        List<DeadLetter> page = new ArrayList<>();
        MVMap<String, byte[]> entries = entries(subscription);
        var cursor = entries.cursor(key(afterSequence + 1));
        while (page.size() < limit && cursor.hasNext()) {
            cursor.next();
            page.add(decode(cursor.getValue()));
        }
        return page;
    }

    public Optional<DeadLetter> get(String subscription, String messageId) {
        byte[] sequence = ids(subscription).get(messageId);
        return sequence == null ? Optional.empty()
                : Optional.ofNullable(entries(subscription).get(key(Long.parseLong(new String(sequence))))).map(DeadLetterStore::decode);
    }

    /** Removes one (discarded, or its redelivery was acked). Durable on return; false when absent. */
    public boolean remove(String subscription, String messageId) {
        Optional<DeadLetter> entry = get(subscription, messageId);
        if (entry.isEmpty()) {
            return false;
        }
        entries(subscription).remove(key(entry.get().sequence()));
        ids(subscription).remove(messageId);
        if (!entry.get().redriving()) {
            unpark(subscription, entry.get().message().key());
        }
        state.commitDurably();
        return true;
    }

    /**
     * Marks the named dead letters (all when {@code messageIds} is null), at most {@code limit}, as
     * redriving and returns them in queue order; unknown ids and those already redriving are left out.
     * Durable on return.
     */
    public List<DeadLetter> markRedriving(String subscription, Collection<String> messageIds, int limit) {
        List<DeadLetter> candidates = new ArrayList<>();
        if (messageIds == null) {
            var cursor = entries(subscription).cursor(null);
            while (candidates.size() < limit && cursor.hasNext()) {
                cursor.next();
                DeadLetter d = decode(cursor.getValue());
                if (!d.redriving()) {
                    candidates.add(d);
                }
            }
        } else {
            new java.util.LinkedHashSet<>(messageIds).forEach(id -> get(subscription, id)
                    .filter(d -> !d.redriving()).ifPresent(candidates::add));
            candidates.sort(java.util.Comparator.comparingLong(DeadLetter::sequence));
        }
        List<DeadLetter> marked = new ArrayList<>();
        MVMap<String, byte[]> entries = entries(subscription);
        for (DeadLetter d : candidates.subList(0, Math.min(limit, candidates.size()))) {
            DeadLetter r = d.redriven();
            entries.put(key(r.sequence()), encode(r));
            unpark(subscription, d.message().key());
            marked.add(r);
        }
        state.commitDurably();
        return marked;
    }

    /** Every redriving dead letter in queue order, e.g. to resume a redrive after a restart. */
    public List<DeadLetter> redriving(String subscription) {
        List<DeadLetter> out = new ArrayList<>();
        entries(subscription).values().forEach(v -> {
            DeadLetter d = decode(v);
            if (d.redriving()) {
                out.add(d);
            }
        });
        return out;
    }

    /** Keys parked in this subscription (park mode): their later messages are dead-lettered on arrival. */
    public Map<String, Integer> parkedKeys(String subscription) {
        Map<String, Integer> parked = new java.util.HashMap<>();
        parked(subscription).forEach((k, v) -> parked.put(k, Integer.parseInt(new String(v))));
        return parked;
    }

    public long size(String subscription) {
        return entries(subscription).sizeAsLong();
    }

    /** Forgets a deleted subscription's dead letters. */
    public void dropSubscription(String subscription) {
        entries(subscription).clear();
        ids(subscription).clear();
        parked(subscription).clear();
        meta(subscription).clear();
        state.commitDurably();
    }

    private void unpark(String subscription, String key) {
        if (key != null && parked(subscription).containsKey(key)) {
            changeParked(subscription, key, -1);
        }
    }

    private void changeParked(String subscription, String key, int delta) {
        MVMap<String, byte[]> parked = parked(subscription);
        byte[] current = parked.get(key);
        int count = (current == null ? 0 : Integer.parseInt(new String(current))) + delta;
        if (count <= 0) {
            parked.remove(key);
        } else {
            parked.put(key, Integer.toString(count).getBytes());
        }
    }

    private long nextSequence(String subscription) {
        MVMap<String, byte[]> meta = meta(subscription);
        byte[] next = meta.get(NEXT_SEQUENCE);
        long sequence = next == null ? 0 : Long.parseLong(new String(next));
        meta.put(NEXT_SEQUENCE, Long.toString(sequence + 1).getBytes());
        return sequence;
    }

    private MVMap<String, byte[]> entries(String subscription) {
        return state.map("dlq.entries." + subscription);
    }

    private MVMap<String, byte[]> ids(String subscription) {
        return state.map("dlq.ids." + subscription);
    }

    private MVMap<String, byte[]> parked(String subscription) {
        return state.map("dlq.parked." + subscription);
    }

    private MVMap<String, byte[]> meta(String subscription) {
        return state.map("dlq.meta." + subscription);
    }

    private static String key(long sequence) {
        return String.format("%019d", sequence);
    }

    private static byte[] encode(DeadLetter d) {
        try {
            return JSON.writeValueAsBytes(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DeadLetter decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, DeadLetter.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
