package io.junction.bridge.kafka;

import java.util.NavigableSet;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What a subscriber writes into the metadata of an offset commit so that acks above the committed offset are
 * not lost on a rebalance or restart. Kafka commits one offset per partition: every message below it is done.
 * Junction commits the lowest offset still open (handed out, not acked or dead-lettered); the messages above it
 * that were already acked would be delivered again to the next owner of the partition. The metadata names the
 * exceptions instead: {@code junction1:<k>:<d1>,<d2>,...} (numbers in base 36) says that of the offsets from the
 * committed one {@code c} up to {@code c + k} (exclusive) only {@code c}, {@code c + d1}, {@code c + d1 + d2}, ...
 * are still open; everything else in that range is done. The next owner skips the done ones.
 *
 * <p>Kafka limits commit metadata ({@code offset.metadata.max.bytes}, 4096 bytes by default); a list that does
 * not fit is cut short and the range ends at the first open offset left out, so only acked messages above it
 * may be delivered again. Native tools see the committed offset (the lag counts from it) and this text.
 */
final class CommitMetadata {
    static final String PREFIX = "junction1:";

    private CommitMetadata() {
    }

    /** What a committed offset and its metadata say: the open offsets (the committed one first) below {@code knownUpTo}. */
    record Inherited(NavigableSet<Long> open, long knownUpTo) {
        static final Inherited NOTHING = new Inherited(new TreeSet<>(), -1);
    }

    /**
     * @param open      the offsets still open, ascending; the first is the one to commit
     * @param knownUpTo the offset after the last one known; every offset below it that is not open is done
     * @param maxBytes  room for the metadata; 0 writes none
     * @return the commit: the lowest open offset (or {@code knownUpTo} when none is open) with the metadata
     */
    static OffsetAndMetadata encode(NavigableSet<Long> open, long knownUpTo, int maxBytes) {
        long committed = open.isEmpty() ? knownUpTo : open.first();
        int openAbove = Math.max(0, open.size() - 1);
        boolean anyDoneAbove = knownUpTo - committed - 1 > openAbove;
        if (maxBytes <= 0 || !anyDoneAbove) {
            return new OffsetAndMetadata(committed);
        }
        String head = PREFIX + Long.toString(knownUpTo - committed, 36) + ":";
        if (head.length() > maxBytes) {
            return new OffsetAndMetadata(committed);
        }
        StringBuilder deltas = new StringBuilder();
        long previous = committed;
        long upTo = knownUpTo;
        for (long offset : open.tailSet(committed, false)) {
            String delta = (deltas.length() == 0 ? "" : ",") + Long.toString(offset - previous, 36);
            if (head.length() + deltas.length() + delta.length() > maxBytes) {
                upTo = offset; // the rest is not listed: from here on everything counts as open
                break;
            }
            deltas.append(delta);
            previous = offset;
        }
        return new OffsetAndMetadata(committed, PREFIX + Long.toString(upTo - committed, 36) + ":" + deltas);
    }

    /** Reads a commit written by {@link #encode}; anything else (or nothing) inherits nothing. */
    static Inherited decode(OffsetAndMetadata commit) {
        if (commit == null || commit.metadata() == null || !commit.metadata().startsWith(PREFIX)) {
            return Inherited.NOTHING;
        }
        String[] parts = commit.metadata().substring(PREFIX.length()).split(":", -1);
        try {
            long committed = commit.offset();
            long knownUpTo = committed + Long.parseLong(parts[0], 36);
            NavigableSet<Long> open = new TreeSet<>();
            open.add(committed);
            long previous = committed;
            if (parts.length > 1 && !parts[1].isEmpty()) {
                for (String delta : parts[1].split(",")) {
                    previous += Long.parseLong(delta, 36);
                    open.add(previous);
                }
            }
            return parts.length == 2 && previous < knownUpTo ? new Inherited(open, knownUpTo) : Inherited.NOTHING;
        } catch (NumberFormatException notOurs) {
            return Inherited.NOTHING;
        }
    }
}
