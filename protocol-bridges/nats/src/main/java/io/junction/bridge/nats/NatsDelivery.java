package io.junction.bridge.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import io.junction.spi.Delivery;
import io.junction.spi.Message;

/**
 * One message pulled by a {@link NatsSubscriber}. Settling sends JetStream's acknowledgement protocol to
 * the message's reply subject as a request, so the stage completes once the server has processed it:
 * {@code +ACK}, {@code -NAK} (with {@code {"delay": nanos}} when delayed) and {@code +WPI} (work in
 * progress: the AckWait starts again).
 */
final class NatsDelivery implements Delivery {
    static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NAK = "-NAK".getBytes(StandardCharsets.US_ASCII);
    static final byte[] IN_PROGRESS = "+WPI".getBytes(StandardCharsets.US_ASCII);

    private final NatsSubscriber subscriber;
    private final String replyTo;
    private final long streamSequence;
    private final Message message;
    private final String lane;
    private final int attempt;
    private final AtomicBoolean settled = new AtomicBoolean();

    NatsDelivery(NatsSubscriber subscriber, io.nats.client.Message raw, String stream) {
        this.subscriber = subscriber;
        this.replyTo = raw.getReplyTo();
        this.streamSequence = raw.metaData().streamSequence();
        this.message = MessageCodec.decode(raw);
        this.lane = Subjects.lane(stream, raw.getSubject());
        this.attempt = (int) Math.min(Integer.MAX_VALUE, raw.metaData().deliveredCount());
    }

    @Override
    public Message message() {
        return message;
    }

    /** The subject shard the message was published to, e.g. {@code "7"}. */
    @Override
    public String lane() {
        return lane;
    }

    /** JetStream's delivery count for this consumer ({@code NumDelivered}). */
    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public CompletionStage<Void> ack() {
        return subscriber.settle(this, ACK);
    }

    /** A negative delay counts as none. */
    @Override
    public CompletionStage<Void> nack(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return subscriber.settle(this, nakBody(delay));
    }

    /** Resets the AckWait now; the subscriber keeps the delivery reserved anyway until it is settled. */
    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return subscriber.touch(this);
    }

    static byte[] nakBody(Duration delay) {
        long nanos = delay.toNanos();
        return nanos <= 0 ? NAK : ("-NAK {\"delay\": " + nanos + "}").getBytes(StandardCharsets.US_ASCII);
    }

    String replyTo() {
        return replyTo;
    }

    long streamSequence() {
        return streamSequence;
    }

    boolean isRedelivery() {
        return attempt > 1;
    }

    /** Claims the one settlement; false when it was already claimed. */
    boolean claim() {
        return settled.compareAndSet(false, true);
    }

    /** Gives the claim back after a failed settlement, so the core may try again. */
    void unclaim() {
        settled.set(false);
    }

    boolean isSettled() {
        return settled.get();
    }
}
