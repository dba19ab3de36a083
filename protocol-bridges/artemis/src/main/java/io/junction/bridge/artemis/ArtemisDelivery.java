package io.junction.bridge.artemis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import io.junction.bridge.support.SettleOnce;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * One message received by an {@link ArtemisSubscriber}. Settling is handed to the subscriber's settler
 * thread, the only one that acknowledges and sends on the session the message arrived on.
 */
final class ArtemisDelivery implements Delivery {
    /** An Artemis queue is one ordered lane; per-key order across consumers comes from message groups. */
    static final String LANE = "0";

    private final ArtemisSubscriber subscriber;
    private final ClientSession session;
    private final ClientMessage raw;
    private final Message message;
    private final int attempt;
    private final SettleOnce settlement = new SettleOnce();

    ArtemisDelivery(ArtemisSubscriber subscriber, ClientSession session, ClientMessage raw) {
        this.subscriber = subscriber;
        this.session = session;
        this.raw = raw;
        this.message = MessageCodec.decode(raw);
        this.attempt = MessageCodec.attempt(raw);
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public String lane() {
        return LANE;
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

    /** Artemis has no broker-side ack timer: a delivery stays with its consumer until settled or closed. */
    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return subscriber.isClosed() ? CompletableFuture.failedFuture(Errors.of(ErrorKind.CLOSED,
                "subscriber closed")) : CompletableFuture.completedFuture(null);
    }

    ClientSession session() {
        return session;
    }

    ClientMessage raw() {
        return raw;
    }

    /** The one settlement this delivery allows. */
    SettleOnce settlement() {
        return settlement;
    }
}
