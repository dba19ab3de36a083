package io.junction.bridge.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import io.junction.bridge.support.SettleOnce;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * One record handed out by a {@link KafkaSubscriber}. Its lane is its partition. Settling is handed to the
 * subscriber's poll thread, the only one that touches the consumer and the partition ledgers.
 */
final class KafkaDelivery implements Delivery {
    private final KafkaSubscriber subscriber;
    private final ConsumerRecord<byte[], byte[]> record;
    private final Message message;
    private final int attempt;
    private final PartitionLedger ledger;
    private final SettleOnce settlement = new SettleOnce();

    KafkaDelivery(KafkaSubscriber subscriber, ConsumerRecord<byte[], byte[]> record, Message message, int attempt,
                  PartitionLedger ledger) {
        this.subscriber = subscriber;
        this.record = record;
        this.message = message;
        this.attempt = attempt;
        this.ledger = ledger;
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public String lane() {
        return Integer.toString(record.partition());
    }

    /** 1, plus the nacks this subscriber saw: Kafka counts no deliveries (the core's ledger covers restarts). */
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

    /** Kafka has no broker-side timer per record: a delivery stays with its consumer until settled or released. */
    @Override
    public CompletionStage<Void> extend(Duration extension) {
        return subscriber.isClosed() ? CompletableFuture.failedFuture(Errors.of(ErrorKind.CLOSED, "subscriber closed"))
                : CompletableFuture.completedFuture(null);
    }

    /** The same record handed out again after a nack. */
    KafkaDelivery again() {
        return new KafkaDelivery(subscriber, record, message, attempt + 1, ledger);
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long offset() {
        return record.offset();
    }

    PartitionLedger ledger() {
        return ledger;
    }

    /** The one settlement this delivery allows. */
    SettleOnce settlement() {
        return settlement;
    }
}
