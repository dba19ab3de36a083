package io.junction.spi;

/**
 * How a topic delivers its messages, chosen when it is created ({@link TopicSpec#delivery()}) and fixed for
 * its lifetime.
 */
public enum DeliveryMode {
    /**
     * The default. A publish completes only after the broker durably stored the message. Every subscription
     * gets every message published after it was created, at least once: a message leaves a subscription
     * only when it is acked (or dead-lettered by the gateway); a nack, an expired deadline or a consumer
     * that goes away brings it back.
     */
    AT_LEAST_ONCE,
    /**
     * Nothing is stored. A publish completes once the broker has received the message and handed it to the
     * subscribers connected at that moment, one per subscription; a subscription with no subscriber
     * connected misses it. A failed publish may or may not have been delivered (a retry may deliver it twice).
     * Each message reaches a subscription at most once: a message lost on the way (a full buffer, a consumer
     * or connection that fails) is gone. Deliveries need no settlement: their attempt is 1, {@code ack} and
     * {@code extend} complete at once, {@code nack} fails with {@link ErrorKind#UNSUPPORTED}. Only on
     * backends with {@link Capability#AT_MOST_ONCE}.
     */
    AT_MOST_ONCE
}
