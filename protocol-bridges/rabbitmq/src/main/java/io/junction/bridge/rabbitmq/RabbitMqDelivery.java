package io.junction.bridge.rabbitmq;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.rabbitmq.client.Channel;

import io.junction.bridge.support.SettleOnce;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * One message received by a {@link RabbitMqSubscriber} from one shard queue (its lane). Settling is handed to
 * the subscriber's thread, the only one that acknowledges on the channel the message arrived on.
 */
final class RabbitMqDelivery implements Delivery {
    private final RabbitMqSubscriber subscriber;
    private final Channel channel;
    private final String lane;
    private final long deliveryTag;
    private final Message message;
    private final int attempt;
    private final SettleOnce settlement = new SettleOnce();

    RabbitMqDelivery(RabbitMqSubscriber subscriber, Channel channel, String lane, long deliveryTag, Message message, int attempt) {
        this.subscriber = subscriber;
        this.channel = channel;
        this.lane = lane;
        this.deliveryTag = deliveryTag;
        this.message = message;
        this.attempt = attempt;
    }

    @Override
    public Message message() {
        return message;
    }

    /** The shard queue's name. */
    @Override
    public String lane() {
        return lane;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public CompletionStage<Void> ack() {
        return subscriber.settle(this, null);
    }

    /** A negative delay counts as none. */
    @Override
    public CompletionStage<Void> nack(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return subscriber.settle(this, delay.isNegative() ? Duration.ZERO : delay);
    }

    /** RabbitMQ has no per-delivery timer to push back (its consumer_timeout is broker-wide). */
    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return subscriber.isClosed() ? CompletableFuture.failedFuture(Errors.of(ErrorKind.CLOSED, "subscriber closed"))
                : CompletableFuture.completedFuture(null);
    }

    Channel channel() {
        return channel;
    }

    long deliveryTag() {
        return deliveryTag;
    }

    /** The one settlement this delivery allows. */
    SettleOnce settlement() {
        return settlement;
    }
}
