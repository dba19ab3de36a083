package io.junction.bridge.nats;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.junction.bridge.support.Completions;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * A message of an at-most-once topic: nobody at the server waits for its acknowledgement, so ack and extend
 * complete at once and nack cannot give it back.
 */
final class AtMostOnceDelivery implements Delivery {
    private final Message message;
    private final String lane;
    private final Completions completions;

    AtMostOnceDelivery(Message message, String lane, Completions completions) {
        this.message = message;
        this.lane = lane;
        this.completions = completions;
    }

    @Override
    public Message message() {
        return message;
    }

    /** The subject shard, as on a stream. */
    @Override
    public String lane() {
        return lane;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public CompletionStage<Void> ack() {
        return completions.completed(null);
    }

    @Override
    public CompletionStage<Void> nack(Duration delay) {
        return completions.failed(Errors.of(ErrorKind.UNSUPPORTED,
                "a message of an at-most-once topic cannot be given back for redelivery"));
    }

    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return completions.completed(null);
    }
}
