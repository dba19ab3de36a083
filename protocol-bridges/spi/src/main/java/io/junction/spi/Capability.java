package io.junction.spi;

/**
 * What a backend can do natively. The gateway exposes a topic's set ({@link Backend#capabilities(DeliveryMode)});
 * an API call that needs a capability the topic lacks is answered with an "unsupported" error instead of a fake.
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
    CONSUMER_GROUPS,
    /**
     * A topic can be created with {@link DeliveryMode#AT_MOST_ONCE}: publish is fire-and-forget, messages
     * reach only the subscribers connected at that moment, no acks, redelivery or dead letters. Listed by
     * {@link Backend#capabilities()} and by an at-most-once topic's own set
     * ({@link Backend#capabilities(DeliveryMode)}), never by an at-least-once topic's.
     */
    AT_MOST_ONCE
}
