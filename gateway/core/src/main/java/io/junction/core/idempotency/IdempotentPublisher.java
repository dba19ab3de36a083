package io.junction.core.idempotency;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishing with the dedup window. An id already published to the topic inside the window is answered
 * with its first receipt, marked duplicate, and not sent again; the same id with a different message
 * (see {@link MessageFingerprint}) fails the whole call with IDEMPOTENCY_CONFLICT. While an id is being
 * published, another publish of it waits for that outcome: a success makes it a duplicate, a failure
 * lets it publish. Ids are recorded after the broker's acknowledgement.
 */
public final class IdempotentPublisher {
    /** Bounds the ids being published at once, across topics; more answer TOO_MANY_REQUESTS. */
    public static final int MAX_IN_FLIGHT_IDS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentPublisher.class);

    private final Vertx vertx;
    private final IdempotencyStore store;
    private final InFlightIds inFlight = new InFlightIds(MAX_IN_FLIGHT_IDS);

    public IdempotentPublisher(Vertx vertx, IdempotencyStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /**
     * @param generatedIds ids the gateway made up (no client can retry with them): sent without a look-up
     *                     and not recorded, which keeps the store to the ids clients chose
     * @param send publishes the messages not seen before, in order, completing with one receipt each once the
     *             broker durably accepted all of them
     * @return one receipt per message, in order; completes on the caller's context
     * @throws JunctionException IDEMPOTENCY_CONFLICT when an id repeats inside the batch with another message
     */
    public Future<List<PublishReceipt>> publish(String topic, List<Message> messages, Set<String> generatedIds,
                                                Function<List<Message>, Future<List<PublishReceipt>>> send) {
        return attempt(vertx.getOrCreateContext(), topic, FingerprintedBatch.of(topic, messages), generatedIds, send);
    }

    private Future<List<PublishReceipt>> attempt(Context context, String topic, FingerprintedBatch batch,
                                                 Set<String> generatedIds,
                                                 Function<List<Message>, Future<List<PublishReceipt>>> send) {
        List<String> keys = batch.ids().stream().filter(id -> !generatedIds.contains(id))
                .map(id -> topic + '\u0000' + id).toList();
        Promise<Void> owner = Promise.promise();
        List<Future<Void>> others;
        try {
            others = inFlight.claimAll(keys, owner.future());
        } catch (JunctionException e) {
            return Future.failedFuture(e);
        }
        if (!others.isEmpty()) {
            owner.complete(); // this attempt holds nothing: whoever saw its claim for a moment may go on
            Promise<List<PublishReceipt>> retried = Promise.promise();
            Future.join(others).onComplete(x -> context.runOnContext(v -> attempt(context, topic, batch, generatedIds, send).onComplete(retried)));
            return retried.future();
        }
        return publishClaimed(topic, batch, generatedIds, send).onComplete(x -> {
            inFlight.releaseAll(keys, owner.future());
            owner.complete();
        });
    }

    private Future<List<PublishReceipt>> publishClaimed(String topic, FingerprintedBatch batch, Set<String> generatedIds,
                                                        Function<List<Message>, Future<List<PublishReceipt>>> send) {
        List<String> tracked = batch.ids().stream().filter(id -> !generatedIds.contains(id)).toList();
        return (tracked.isEmpty() ? Future.succeededFuture(Map.<String, IdempotencyRecord>of()) : store.find(topic, tracked))
                .recover(err -> Future.failedFuture(new JunctionException(ErrorType.INTERNAL,
                        "the gateway could not read its idempotency records", err)))
                .compose(stored -> {
                    List<Message> fresh = new ArrayList<>();
                    for (String id : batch.ids()) {
                        IdempotencyRecord record = stored.get(id);
                        if (record == null) {
                            fresh.add(batch.firstWith(id));
                        } else if (!record.sameMessage(batch.digestOf(id))) {
                            return Future.failedFuture(conflict(topic, id, "within the dedup window"));
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Future.succeededFuture(batch.receipts(stored, Map.of()));
                    }
                    return send.apply(fresh).compose(receipts -> remember(topic, batch, fresh, receipts, generatedIds)
                            .map(sent -> batch.receipts(stored, sent)));
                });
    }

    /** Records what the broker accepted; completes with its receipts by id, also when recording failed. */
    private Future<Map<String, PublishReceipt>> remember(String topic, FingerprintedBatch batch, List<Message> sent,
                                                         List<PublishReceipt> receipts, Set<String> generatedIds) {
        long now = System.currentTimeMillis();
        Map<String, PublishReceipt> byId = new HashMap<>();
        Map<String, IdempotencyRecord> records = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            String id = sent.get(i).id();
            byId.put(id, receipts.get(i));
            if (!generatedIds.contains(id)) {
                records.put(id, new IdempotencyRecord(batch.digestOf(id), receipts.get(i).position(), now));
            }
        }
        // The broker has the messages: failing the call now would only invite a retry that stores them twice.
        if (records.isEmpty()) {
            return Future.succeededFuture(byId);
        }
        return store.record(topic, records)
                .otherwise(err -> {
                    LOG.error("could not record {} published message ids of topic {}; a retry of them may store a "
                            + "second copy", records.size(), topic, err);
                    return null;
                })
                .map(byId);
    }

    static JunctionException conflict(String topic, String id, String where) {
        return new JunctionException(ErrorType.IDEMPOTENCY_CONFLICT, "message id '" + id + "' was already used on topic '"
                + topic + "' " + where + " for a message with a different key, content type, headers or payload; "
                + "give a different message a new id");
    }
}
