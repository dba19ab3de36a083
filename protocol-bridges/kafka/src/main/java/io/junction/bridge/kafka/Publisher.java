package io.junction.bridge.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Sends through one idempotent {@code acks=all} producer. {@code KafkaProducer.send} can block (waiting for a
 * topic's metadata, or for buffer space), so sends run on the backend's own publisher thread, one batch after
 * the other in call order; a batch's records go out in its order, and the idempotent producer keeps that order
 * within each partition through its retries. A publish completes when the broker acknowledged every record.
 * At most {@code maxPendingPublishes} messages are accepted and not yet acknowledged; more are OVERLOADED.
 * A publish waits at most {@code callTimeoutMs} for its turn, {@code callTimeoutMs} more for a blocked send
 * and {@code deliveryTimeoutMs} for the acknowledgement.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Producer<byte[], byte[]> producer;
    private final KafkaSettings settings;
    private final TopicCache topics;
    private final Completions completions;
    private final Semaphore pending;
    private final ExecutorService sender;

    Publisher(String backendName, Producer<byte[], byte[]> producer, KafkaSettings settings, TopicCache topics,
              Completions completions) {
        this.producer = producer;
        this.settings = settings;
        this.topics = topics;
        this.completions = completions;
        this.pending = new Semaphore(settings.maxPendingPublishes());
        this.sender = Executors.newSingleThreadExecutor(Threads.named("junction-kafka-" + backendName + "-publish"));
    }

    CompletionStage<List<PublishReceipt>> publish(String topic, List<Message> batch) {
        if (batch.size() > settings.maxPendingPublishes()) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "a batch of " + batch.size()
                    + " messages is more than maxPendingPublishes (" + settings.maxPendingPublishes() + ")"));
        }
        if (!pending.tryAcquire(batch.size())) {
            return completions.failed(Errors.of(ErrorKind.OVERLOADED, "more than " + settings.maxPendingPublishes()
                    + " messages are waiting for the broker's acknowledgement"));
        }
        CompletableFuture<List<PublishReceipt>> done = new CompletableFuture<>();
        long acceptedNanos = System.nanoTime();
        try {
            sender.execute(() -> send(topic, batch, acceptedNanos, done));
        } catch (RejectedExecutionException closed) {
            pending.release(batch.size());
            completions.fail(done, Errors.closed());
        }
        return done;
    }

    /**
     * Publisher thread. A batch that waited longer than the call timeout behind others (sends block while the
     * cluster is unreachable) fails RETRIABLE unsent, so no publish waits for the whole queue.
     */
    private void send(String topic, List<Message> batch, long acceptedNanos, CompletableFuture<List<PublishReceipt>> done) {
        if (System.nanoTime() - acceptedNanos > TimeUnit.MILLISECONDS.toNanos(settings.callTimeoutMs())) {
            pending.release(batch.size());
            completions.fail(done, Errors.of(ErrorKind.RETRIABLE, "the publish waited more than " + settings.callTimeoutMs()
                    + " ms for the Kafka producer; nothing was sent"));
            return;
        }
        try {
            topics.require(topic);
        } catch (Exception e) {
            pending.release(batch.size());
            completions.fail(done, e);
            return;
        }
        PublishReceipt[] receipts = new PublishReceipt[batch.size()];
        AtomicInteger outstanding = new AtomicInteger(batch.size());
        AtomicBoolean failed = new AtomicBoolean();
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            Message message = batch.get(i);
            try {
                producer.send(RecordCodec.encode(topic, message), (metadata, error) -> {
                    pending.release();
                    if (error != null) {
                        if (failed.compareAndSet(false, true)) {
                            completions.fail(done, error);
                        }
                    } else {
                        receipts[index] = receipt(message, metadata);
                        if (outstanding.decrementAndGet() == 0 && !failed.get()) {
                            completions.complete(done, Arrays.asList(receipts));
                        }
                    }
                });
            } catch (RuntimeException e) { // refused before it was sent: this one and the rest never will be
                pending.release(batch.size() - i);
                if (failed.compareAndSet(false, true)) {
                    completions.fail(done, e);
                }
                return;
            }
        }
    }

    /** The position is {@code <partition>:<offset>}, what {@link SeekPosition} reads back. */
    private static PublishReceipt receipt(Message message, RecordMetadata metadata) {
        return new PublishReceipt(message.id(), metadata.partition() + ":" + metadata.offset(), false);
    }

    /** Sends what was accepted, waits for the acknowledgements (bounded by the delivery timeout), then closes. */
    void close() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(settings.callTimeoutMs(), TimeUnit.MILLISECONDS)) {
            LOG.warn("the Kafka publisher thread did not finish its sends within {} ms", settings.callTimeoutMs());
        }
        producer.close(Duration.ofMillis(settings.deliveryTimeoutMs()));
    }
}
