package io.junction.bridge.kafka;

import java.util.NavigableSet;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Which offsets of one assigned partition are settled, so that the subscriber commits only up to the lowest
 * message not yet acked or dead-lettered (a crash redelivers what was not settled, never loses it), and names
 * the acked ones above it in the commit metadata ({@link CommitMetadata}). One ledger per assignment of the
 * partition: a delivery of an earlier assignment does not count here. Poll thread only.
 */
final class PartitionLedger {
    /** Handed to the sink (or waiting to be handed again after a nack) and not settled. */
    private final NavigableSet<Long> unsettled = new TreeSet<>();
    /** Open in the commit this assignment started from, not fetched yet: handed when they come. */
    private final NavigableSet<Long> inheritedOpen;
    /** From this offset (the committed one) up to {@link #inheritedUpTo}, the commit knew what was done. */
    private final long inheritedFrom;
    private final long inheritedUpTo;
    /** The offset after the last one fetched in this assignment, -1 before the first. */
    private long next = -1;
    private boolean dirty;
    private boolean committedInFull;

    private PartitionLedger(CommitMetadata.Inherited inherited) {
        this.inheritedOpen = new TreeSet<>(inherited.open());
        this.inheritedFrom = inheritedOpen.isEmpty() ? -1 : inheritedOpen.first();
        this.inheritedUpTo = inherited.knownUpTo();
    }

    /** A ledger continuing from the partition's committed offset and metadata (null: nothing committed). */
    static PartitionLedger resume(OffsetAndMetadata committed) {
        return new PartitionLedger(CommitMetadata.decode(committed));
    }

    /**
     * A record was fetched; records come in offset order. @return true when it is to be handed to the sink,
     * false when an earlier owner of the partition settled it already.
     */
    boolean admit(long offset) {
        inheritedOpen.headSet(offset, false).clear(); // never fetched, so gone (compaction, retention)
        // below the committed offset only after the consumer was reset to an earlier position: unknown, so open
        boolean open = offset < inheritedFrom || offset >= inheritedUpTo || inheritedOpen.remove(offset);
        if (open) {
            unsettled.add(offset);
        }
        next = Math.max(next, offset + 1);
        dirty = true;
        return open;
    }

    /** Acked or dead-lettered: done for good. */
    void settle(long offset) {
        if (unsettled.remove(offset)) {
            dirty = true;
        }
    }

    /** Deliveries handed out in this assignment and not yet settled. */
    boolean hasUnsettled() {
        return !unsettled.isEmpty();
    }

    /** Something changed since the last {@link #commitPosition}. */
    boolean dirty() {
        return dirty;
    }

    /** Marks the position for another commit (the last one failed, or a full one is wanted). */
    void markDirty() {
        dirty = true;
    }

    /** Something is known to commit: a record was fetched, or the assignment started from a commit. */
    boolean hasPosition() {
        return next >= 0 || inheritedUpTo >= 0;
    }

    /** The whole position was committed synchronously when the partition left: every ack before is recorded. */
    void markCommittedInFull() {
        committedInFull = true;
    }

    boolean committedInFull() {
        return committedInFull;
    }

    /** The offset to commit, with the acks above it in the metadata; marks the ledger clean. */
    OffsetAndMetadata commitPosition(int maxMetadataBytes) {
        NavigableSet<Long> open = new TreeSet<>(unsettled);
        open.addAll(inheritedOpen);
        dirty = false;
        return CommitMetadata.encode(open, Math.max(next, inheritedUpTo), maxMetadataBytes);
    }
}
