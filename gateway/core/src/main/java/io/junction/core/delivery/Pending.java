package io.junction.core.delivery;

import io.junction.spi.Delivery;
import io.junction.spi.Message;

/**
 * A message the gateway holds for one subscription: fetched from the broker ({@link #delivery} set) or
 * redriven from the dead-letter queue ({@link #delivery} null). Mutable; guarded by the runtime's lock.
 */
public final class Pending {
    public final Message message;
    /** The broker's delivery, or null for a redriven dead letter. */
    public final Delivery delivery;
    /** The key this message is sequenced by, or null when it is not (no key, or ordering off). */
    public final String orderingKey;
    /** The attempt of its next (or current) delivery to a client, starting at 1. */
    public int attempt;
    /** Its failures so far, or null. */
    public Failure failure;

    public Pending(Message message, Delivery delivery, String orderingKey, int attempt, Failure failure) {
        this.message = message;
        this.delivery = delivery;
        this.orderingKey = orderingKey;
        this.attempt = attempt;
        this.failure = failure;
    }

    public boolean fromDeadLetters() {
        return delivery == null;
    }
}
