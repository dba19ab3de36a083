package io.junction.tck.memory;

import io.junction.spi.Delivery;
import io.junction.spi.Message;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** A reservation of one queue entry by one subscriber. */
final class MemoryDelivery implements Delivery {
    private final MemoryQueue queue;
    private final MemoryQueue.Entry entry;
    private final MemorySubscriber subscriber;

    MemoryDelivery(MemoryQueue queue, MemoryQueue.Entry entry, MemorySubscriber subscriber) {
        this.queue = queue;
        this.entry = entry;
        this.subscriber = subscriber;
    }

    MemorySubscriber subscriber() {
        return subscriber;
    }

    @Override
    public Message message() {
        return entry.message;
    }

    @Override
    public String lane() {
        return "0";
    }

    @Override
    public int attempt() {
        return entry.deliveries;
    }

    @Override
    public CompletionStage<Void> ack() {
        return subscriber.backend().async(() -> queue.ack(entry.sequence, this));
    }

    @Override
    public CompletionStage<Void> nack(Duration delay) {
        return subscriber.backend().async(() -> queue.release(entry.sequence, this, delay.toMillis()));
    }

    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return subscriber.backend().async(() -> queue.checkReserved(entry.sequence, this));
    }
}
