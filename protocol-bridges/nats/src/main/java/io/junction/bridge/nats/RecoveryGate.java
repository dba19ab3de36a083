package io.junction.bridge.nats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps per-key order across a gateway crash. Messages the dead gateway held unacknowledged come back
 * only when their AckWait expires, while messages never delivered come at once: a key's later message
 * would overtake its earlier one. So when a gateway first binds to a consumer that has messages pending,
 * its subscriber holds first deliveries back (redeliveries pass) until either as many distinct
 * redeliveries as were pending have arrived, or the AckWait has passed (then every such message is on the
 * server's redelivery queue, which it serves before new messages) and a pull sent after that has ended
 * or brought a first delivery. The held messages are then handed over in their order.
 *
 * <p>Not thread-safe: the subscriber's receiver thread only.
 */
final class RecoveryGate {
    private final long expectedRedeliveries;
    private final long deadlineNanos;
    private final int holdLimit;
    private final Set<Long> redelivered = new HashSet<>();
    private final List<NatsDelivery> held = new ArrayList<>();
    private boolean open;
    private boolean pullAfterDeadline;

    private RecoveryGate(long expectedRedeliveries, long deadlineNanos, int holdLimit, boolean open) {
        this.expectedRedeliveries = expectedRedeliveries;
        this.deadlineNanos = deadlineNanos;
        this.holdLimit = holdLimit;
        this.open = open;
    }

    /** A gate that lets everything through. */
    static RecoveryGate opened() {
        return new RecoveryGate(0, 0, 0, true);
    }

    /**
     * @param pending    the consumer's pending (delivered, unacknowledged) messages when it was bound
     * @param ackWaitMs  the consumer's AckWait
     * @param holdLimit  how many first deliveries to hold before pausing the pulls until the deadline
     */
    static RecoveryGate closed(long pending, long ackWaitMs, int holdLimit, long nowNanos) {
        // a second of slack for the server's redelivery timer
        return new RecoveryGate(pending, nowNanos + (ackWaitMs + 1_000) * 1_000_000, holdLimit, false);
    }

    boolean isOpen() {
        return open;
    }

    /** Whether another pull may be sent now. */
    boolean mayPull(long nowNanos) {
        return open || held.size() < holdLimit || nowNanos - deadlineNanos >= 0;
    }

    void pullStarted(long nowNanos) {
        pullAfterDeadline = nowNanos - deadlineNanos >= 0;
    }

    /** What may go to the sink now, in order, after {@code d} arrived. */
    List<NatsDelivery> offer(NatsDelivery d) {
        if (open) {
            return List.of(d);
        }
        if (d.isRedelivery()) {
            redelivered.add(d.streamSequence());
            if (redelivered.size() >= expectedRedeliveries) {
                List<NatsDelivery> out = new ArrayList<>(held.size() + 1);
                out.add(d);
                out.addAll(release());
                return out;
            }
            return List.of(d);
        }
        if (pullAfterDeadline) { // the redelivery queue was served before this one
            List<NatsDelivery> out = release();
            out.add(d);
            return out;
        }
        held.add(d);
        return List.of();
    }

    /** What may go to the sink now, after the current pull ended. */
    List<NatsDelivery> pullEnded() {
        return !open && pullAfterDeadline ? release() : List.of();
    }

    private List<NatsDelivery> release() {
        open = true;
        List<NatsDelivery> out = new ArrayList<>(held);
        held.clear();
        redelivered.clear();
        return out;
    }
}
