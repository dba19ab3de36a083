package io.junction.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** The offset bookkeeping behind "commit only up to the lowest unsettled message", and the acks above it. */
class PartitionLedgerTest {
    @Test
    void commitsUpToTheLowestUnsettledOffsetAndNamesTheAcksAboveIt() {
        PartitionLedger ledger = PartitionLedger.resume(null);
        LongStream.range(10, 15).forEach(o -> assertTrue(ledger.admit(o)));
        ledger.settle(10);
        ledger.settle(12);
        ledger.settle(14);
        OffsetAndMetadata commit = ledger.commitPosition(4000);
        assertEquals(11, commit.offset(), "11 is the lowest offset not settled");

        // the next owner of the partition hands out 11 and 13 only
        PartitionLedger next = PartitionLedger.resume(commit);
        List<Long> handed = LongStream.range(11, 17).filter(next::admit).boxed().toList();
        assertEquals(List.of(11L, 13L, 15L, 16L), handed);
    }

    @Test
    void withNothingUnsettledTheCommitIsThePositionAfterTheLastRecord() {
        PartitionLedger ledger = PartitionLedger.resume(null);
        ledger.admit(5);
        ledger.admit(7); // offsets need not be contiguous (transaction markers, compaction)
        ledger.settle(5);
        ledger.settle(7);
        assertEquals(new OffsetAndMetadata(8), ledger.commitPosition(4000));
        assertFalse(ledger.dirty());
        assertFalse(ledger.hasUnsettled());
    }

    @Test
    void anInheritedOpenOffsetThatNeverComesNoLongerHoldsTheCommitBack() {
        PartitionLedger first = PartitionLedger.resume(null);
        LongStream.range(0, 4).forEach(first::admit);
        first.settle(1);
        first.settle(3);
        OffsetAndMetadata commit = first.commitPosition(4000); // 0 and 2 open
        assertEquals(0, commit.offset());

        PartitionLedger next = PartitionLedger.resume(commit);
        assertTrue(next.admit(0));
        assertTrue(next.admit(4), "2 was compacted away; 4 is new");
        next.settle(0);
        next.settle(4);
        assertEquals(new OffsetAndMetadata(5), next.commitPosition(4000));
    }

    @Test
    void aRecordBelowTheCommittedOffsetAfterAResetIsHandedOut() {
        PartitionLedger first = PartitionLedger.resume(null);
        LongStream.range(10, 13).forEach(first::admit);
        first.settle(11);
        PartitionLedger next = PartitionLedger.resume(first.commitPosition(4000));
        assertTrue(next.admit(0), "the topic was recreated and the consumer reset to its start: nothing is known");
    }

    @Test
    void metadataThatDoesNotFitIsCutAndWhatItLeavesOutCountsAsOpen() {
        NavigableSet<Long> open = new TreeSet<>();
        for (long o = 0; o < 1000; o += 2) {
            open.add(o); // every other offset acked
        }
        OffsetAndMetadata commit = CommitMetadata.encode(open, 1000, 100);
        assertTrue(commit.metadata().length() <= 100, commit.metadata());
        CommitMetadata.Inherited inherited = CommitMetadata.decode(commit);
        assertEquals(open.headSet(inherited.knownUpTo(), false), inherited.open());
        assertTrue(inherited.knownUpTo() > 2 && inherited.knownUpTo() < 1000);
        assertTrue(open.contains(inherited.knownUpTo()), "the range ends at the first open offset left out");
    }

    @Test
    void noMetadataWhenNothingAboveTheCommitIsDoneOrWhenDisabled() {
        assertEquals(new OffsetAndMetadata(3), CommitMetadata.encode(new TreeSet<>(List.of(3L, 4L)), 5, 4000));
        assertEquals(new OffsetAndMetadata(3), CommitMetadata.encode(new TreeSet<>(List.of(3L)), 9, 0));
        assertEquals(CommitMetadata.Inherited.NOTHING, CommitMetadata.decode(new OffsetAndMetadata(3, "someone else's")));
        assertEquals(CommitMetadata.Inherited.NOTHING, CommitMetadata.decode(new OffsetAndMetadata(3, "junction1:zz:x!")));
    }
}
