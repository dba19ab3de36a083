package io.junction.spi;

/**
 * What a backend can do natively. The gateway exposes these on every topic; an API call that needs a
 * capability the backend lacks is answered with an "unsupported" error instead of a fake.
 */
public enum Capability {
    /**
     * Messages with the same key published to one topic land in the same lane ({@link Delivery#lane()})
     * and are handed to {@link DeliverySink} in publish order within that lane, also after a redelivery
     * caused by a consumer or gateway restart.
     */
    ORDERED_PER_KEY,
    /** A subscription can be rewound to a time or a position; history is kept by the broker. */
    REPLAY,
    /** The broker itself drops a second publish of the same message id within its duplicate window. */
    NATIVE_DEDUP,
    /** {@link Delivery#nack(java.time.Duration)} with a positive delay is honoured by the broker, not emulated. */
    NATIVE_DELAY,
    /** {@link Delivery#attempt()} is the broker's own delivery counter and survives a gateway restart. */
    DELIVERY_COUNT,
    /** Several gateway instances consuming one subscription share its messages without coordination. */
    CONSUMER_GROUPS
}
