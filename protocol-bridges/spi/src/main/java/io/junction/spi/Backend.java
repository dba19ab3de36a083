package io.junction.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One broker instance behind the gateway.
 *
 * <p>Thread-safety: every method may be called from any thread, concurrently. Blocking: no method
 * blocks on broker I/O; see the package documentation for which thread completes the stages.
 * After {@link #close()} every method completes exceptionally with {@link ErrorKind#CLOSED}, except
 * {@code close} itself, which is idempotent.
 */
public interface Backend {
    /** The broker type, e.g. {@code artemis}; matches {@link BackendFactory#type()}. */
    String type();

    /**
     * The capabilities this backend offers: those of its at-least-once topics, plus
     * {@link Capability#AT_MOST_ONCE} when it can create at-most-once topics. Constant for the backend's lifetime.
     */
    Set<Capability> capabilities();

    /**
     * The capabilities of a topic created with {@code mode}; constant for the backend's lifetime. This default:
     * {@link #capabilities()} without {@link Capability#AT_MOST_ONCE} for at-least-once topics; for at-most-once
     * topics {@code {AT_MOST_ONCE}} where the backend offers them, else none (it cannot create them).
     */
    default Set<Capability> capabilities(DeliveryMode mode) {
        Set<Capability> all = capabilities();
        if (mode == DeliveryMode.AT_MOST_ONCE) {
            return all.contains(Capability.AT_MOST_ONCE) ? Set.of(Capability.AT_MOST_ONCE) : Set.of();
        }
        EnumSet<Capability> atLeastOnce = EnumSet.noneOf(Capability.class);
        atLeastOnce.addAll(all);
        atLeastOnce.remove(Capability.AT_MOST_ONCE);
        return Collections.unmodifiableSet(atLeastOnce);
    }

    /** Connects to the broker. Completes once the backend can serve every other call. Called once. */
    CompletionStage<Void> start();

    /**
     * Drains publishes in flight, closes subscribers (their unsettled deliveries return to the broker)
     * and disconnects. Idempotent: later calls return the first call's stage.
     */
    CompletionStage<Void> close();

    /** Completes normally when the broker is reachable now; exceptionally with the reason otherwise. */
    CompletionStage<Void> checkHealth();

    /**
     * Creates the topic if absent. Idempotent; completes with true when it was created by this call. The
     * gateway asks for {@link DeliveryMode#AT_MOST_ONCE} only where {@link #capabilities()} has
     * {@link Capability#AT_MOST_ONCE}; a topic that exists with the other mode fails with {@link ErrorKind#TERMINAL}.
     */
    CompletionStage<Boolean> ensureTopic(TopicSpec spec);

    /**
     * Deletes the topic, its subscriptions and their messages. Idempotent; completes with true when
     * something was deleted.
     */
    CompletionStage<Boolean> deleteTopic(String topic);

    /**
     * Creates the durable subscription if absent. It receives every message published to its topic
     * after this stage completed (on an at-most-once topic: while one of its subscribers is connected, see
     * {@link DeliveryMode#AT_MOST_ONCE}). Idempotent. Fails with {@link ErrorKind#NOT_FOUND} when the topic is
     * absent.
     */
    CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec);

    /** Deletes the subscription and its pending messages. Idempotent; true when something was deleted. */
    CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec);

    /**
     * Publishes one message. Completes only after the broker durably accepted it (or recognised it as a
     * duplicate). A failure of kind {@link ErrorKind#RETRIABLE} means the outcome is unknown.
     */
    CompletionStage<PublishReceipt> publish(String topic, Message message);

    /**
     * Publishes several messages, keeping their order per key. Completes with one receipt per message,
     * in input order, only after the broker durably accepted all of them. On failure some may have been
     * stored: the caller retries the whole batch with the same ids.
     */
    CompletionStage<List<PublishReceipt>> publishBatch(String topic, List<Message> messages);

    /**
     * Starts consuming a subscription created by {@link #ensureSubscription}. Several subscribers of one
     * subscription, in this or other processes, share its messages. Returns at once; deliveries flow to
     * {@code sink} on the adapter's threads until the subscriber is closed. When the broker connection
     * fails the adapter reconnects on its own; unsettled deliveries then fail to settle with
     * {@link ErrorKind#RETRIABLE} and are redelivered by the broker. On an at-most-once topic nothing is
     * redelivered, and what arrives while the subscriber is paused is dropped.
     */
    Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink);

    /**
     * Moves the subscription's cursor so that its next deliveries start at {@code target}; messages
     * before it count as consumed, messages after it are delivered again even if they were acked.
     * Only for backends with {@link Capability#REPLAY}; the others complete with
     * {@link ErrorKind#UNSUPPORTED} (this default). The caller closes its own subscribers of this
     * subscription first and subscribes again afterwards. A position the backend does not recognise
     * completes with {@link ErrorKind#TERMINAL}.
     */
    default CompletionStage<Void> seek(SubscriptionSpec spec, SeekTarget target) {
        return java.util.concurrent.CompletableFuture.failedFuture(new BackendException(ErrorKind.UNSUPPORTED,
                type() + " keeps no history to rewind a subscription in"));
    }
}
