package io.junction.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One message handed by a backend to the core, to be settled exactly once by {@link #ack()} or
 * {@link #nack(Duration)}. Methods are thread-safe and may be called from any thread. Settling a
 * delivery a second time, or after its subscriber was closed, completes exceptionally with
 * {@link ErrorKind#NOT_FOUND} (already settled) or {@link ErrorKind#CLOSED}; when a subscriber is
 * closed, its unsettled deliveries go back to the broker and will be redelivered. A delivery of an
 * at-most-once topic needs no settlement (see {@link DeliveryMode#AT_MOST_ONCE}).
 */
public interface Delivery {
    Message message();

    /**
     * The ordered lane this delivery came from (partition, shard queue, subject shard...). Deliveries of
     * one lane reach the sink in broker order; deliveries of different lanes are independent.
     */
    String lane();

    /** The delivery attempt as far as the broker knows, starting at 1. */
    int attempt();

    /** Removes the message from the subscription. Completes when the broker has durably recorded it. */
    CompletionStage<Void> ack();

    /**
     * Gives the message back to the broker so that it is delivered again, to any consumer of the
     * subscription, no sooner than {@code delay}, with an attempt one higher. Completes when the broker
     * has durably recorded it. Position in the lane after a nack is backend-specific.
     */
    CompletionStage<Void> nack(Duration delay);

    /**
     * Asks the broker to keep this delivery reserved for this consumer for at least {@code extension}
     * more. Backends without broker-side ack timers complete at once.
     */
    CompletionStage<Void> extend(Duration extension);
}
