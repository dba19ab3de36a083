package io.junction.core.idempotency;

import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of one publish call with their fingerprints. An id repeated inside the batch is a duplicate
 * of its first occurrence when the messages are the same; otherwise the batch is refused.
 */
final class FingerprintedBatch {
    private final List<Message> messages;
    private final List<byte[]> digests;
    /** The index of the first message with each id, in order of appearance. */
    private final Map<String, Integer> firstById;

    private FingerprintedBatch(List<Message> messages, List<byte[]> digests, Map<String, Integer> firstById) {
        this.messages = messages;
        this.digests = digests;
        this.firstById = firstById;
    }

    /** @throws io.junction.core.JunctionException IDEMPOTENCY_CONFLICT when an id repeats with another message */
    static FingerprintedBatch of(String topic, List<Message> messages) {
        List<byte[]> digests = new ArrayList<>(messages.size());
        Map<String, Integer> firstById = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String id = messages.get(i).id();
            digests.add(MessageFingerprint.of(messages.get(i)));
            Integer earlier = firstById.putIfAbsent(id, i);
            if (earlier != null && !MessageDigest.isEqual(digests.get(earlier), digests.get(i))) {
                throw IdempotentPublisher.conflict(topic, id, "earlier in this batch");
            }
        }
        return new FingerprintedBatch(messages, digests, firstById);
    }

    /** The distinct ids, in the order they first appear. */
    List<String> ids() {
        return List.copyOf(firstById.keySet());
    }

    Message firstWith(String id) {
        return messages.get(firstById.get(id));
    }

    byte[] digestOf(String id) {
        return digests.get(firstById.get(id));
    }

    /**
     * One receipt per message, in batch order: the broker's for the first occurrence of an id sent now,
     * otherwise the id's first receipt marked duplicate.
     *
     * @param stored the records of ids published before, by id
     * @param sent   the broker's receipts of the ids sent now, by id
     */
    List<PublishReceipt> receipts(Map<String, IdempotencyRecord> stored, Map<String, PublishReceipt> sent) {
        List<PublishReceipt> receipts = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String id = messages.get(i).id();
            PublishReceipt now = sent.get(id);
            if (now == null) {
                receipts.add(new PublishReceipt(id, stored.get(id).position(), true));
            } else {
                receipts.add(firstById.get(id) == i ? now : new PublishReceipt(id, now.position(), true));
            }
        }
        return receipts;
    }
}
