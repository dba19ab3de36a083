package io.junction.bridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.Completions;
import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/**
 * The partitions a subscriber holds, their {@link PartitionLedger}s, and the acks waiting for the offset
 * commit that records them. An ack completes once a commit covering it succeeded: commits go out
 * asynchronously, one at a time, carrying every ack settled since the last; a failed commit is repeated with
 * its acks until they are {@code callTimeoutMs} old, then those acks fail RETRIABLE. Partitions that leave
 * are committed synchronously. Poll thread only (the commit callbacks run there too, inside {@code poll}).
 */
final class CommitTracker {
    private static final Logger LOG = LoggerFactory.getLogger(CommitTracker.class);

    private final String subscription;
    private final KafkaSettings settings;
    private final Completions completions;
    private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
    private final List<PendingAck> awaitingCommit = new ArrayList<>();
    private boolean commitInFlight;

    private record PendingAck(CompletableFuture<Void> done, TopicPartition partition, PartitionLedger ledger,
                              long deadlineNanos) {
    }

    CommitTracker(String subscription, KafkaSettings settings, Completions completions) {
        this.subscription = subscription;
        this.settings = settings;
        this.completions = completions;
    }

    /** Starts ledgers for newly assigned partitions from their committed offsets (null when unknown). */
    void assigned(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (TopicPartition p : partitions) {
            ledgers.put(p, PartitionLedger.resume(committed.get(p)));
        }
    }

    /** The ledger of the partition's current assignment, or null when it is not assigned. */
    PartitionLedger ledger(TopicPartition partition) {
        return ledgers.get(partition);
    }

    /** Settles the delivery's offset; {@code done} completes when a commit has recorded it. */
    void ack(KafkaDelivery delivery, CompletableFuture<Void> done) {
        delivery.ledger().settle(delivery.offset());
        awaitingCommit.add(new PendingAck(done, delivery.partition(), delivery.ledger(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.callTimeoutMs())));
    }

    /** Deliveries of these partitions handed out and not settled yet. */
    boolean hasUnsettled(Collection<TopicPartition> partitions) {
        return partitions.stream().map(ledgers::get).anyMatch(l -> l != null && l.hasUnsettled());
    }

    /** Acks wait for a commit, or a commit is under way. */
    boolean committing() {
        return commitInFlight || !awaitingCommit.isEmpty();
    }

    /** Deliveries handed out and not settled yet, in any partition. */
    boolean hasUnsettled() {
        return ledgers.values().stream().anyMatch(PartitionLedger::hasUnsettled);
    }

    /** Starts a commit of every partition whose position moved, unless one is under way. */
    void commitAsync(Consumer<byte[], byte[]> consumer) {
        if (commitInFlight) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = positions(ledgers.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        List<PendingAck> attached = take(offsets.keySet());
        commitInFlight = true;
        consumer.commitAsync(offsets, (committed, error) -> {
            commitInFlight = false;
            if (error == null) {
                attached.forEach(a -> completions.complete(a.done, null));
            } else {
                LOG.debug("offset commit of {} failed: {}", subscription, error.toString());
                attached.forEach(a -> retryOrFail(a, error));
            }
        });
    }

    /**
     * Commits these partitions now, their whole position (a superset of any asynchronous commit still under
     * way), and completes their acks. For partitions that are leaving and for a subscriber that closes.
     */
    void commitSync(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        List<PartitionLedger> held = partitions.stream().map(ledgers::get).filter(l -> l != null && l.hasPosition()).toList();
        held.forEach(PartitionLedger::markDirty);
        Map<TopicPartition, OffsetAndMetadata> offsets = positions(partitions);
        List<PendingAck> attached = take(partitions);
        try {
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets, Duration.ofMillis(settings.callTimeoutMs()));
            }
            held.forEach(PartitionLedger::markCommittedInFull);
            attached.forEach(a -> completions.complete(a.done, null));
        } catch (KafkaException e) {
            LOG.warn("could not commit the offsets of {} for {}; what was acked after the last commit will be "
                    + "delivered again: {}", subscription, offsets.keySet(), e.toString());
            offsets.keySet().forEach(p -> ledgers.get(p).markDirty());
            attached.forEach(a -> completions.fail(a.done, e));
        }
    }

    /** The partitions are gone (committed before, or lost): their acks still waiting fail, their ledgers go. */
    void drop(Collection<TopicPartition> partitions, String why) {
        for (PendingAck a : take(partitions)) {
            completions.fail(a.done, Errors.of(ErrorKind.RETRIABLE, why));
        }
        partitions.forEach(ledgers::remove);
    }

    /** Everything is gone (the consumer failed or closed). */
    void dropAll(String why) {
        drop(new ArrayList<>(ledgers.keySet()), why);
        awaitingCommit.forEach(a -> completions.fail(a.done, Errors.of(ErrorKind.RETRIABLE, why)));
        awaitingCommit.clear();
        commitInFlight = false;
    }

    private void retryOrFail(PendingAck a, Exception error) {
        if (a.ledger.committedInFull()) { // a later synchronous commit of the partition recorded it
            completions.complete(a.done, null);
        } else if (ledgers.get(a.partition) == a.ledger && System.nanoTime() < a.deadlineNanos) {
            a.ledger.markDirty();
            awaitingCommit.add(a);
        } else {
            BackendException failure = Errors.of(ErrorKind.RETRIABLE, "the offset commit of " + subscription
                    + " did not succeed (" + error + "); the message may be delivered again");
            completions.fail(a.done, failure);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : partitions) {
            PartitionLedger ledger = ledgers.get(p);
            if (ledger != null && ledger.dirty()) {
                offsets.put(p, ledger.commitPosition(settings.ackMetadataBytes()));
            }
        }
        return offsets;
    }

    private List<PendingAck> take(Collection<TopicPartition> partitions) {
        List<PendingAck> taken = new ArrayList<>();
        for (Iterator<PendingAck> it = awaitingCommit.iterator(); it.hasNext(); ) {
            PendingAck a = it.next();
            if (partitions.contains(a.partition)) {
                taken.add(a);
                it.remove();
            }
        }
        return taken;
    }
}
