package io.junction.bridge.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Publishes to at-most-once topics with core NATS: nothing is stored and nobody acknowledges. Messages are
 * written by the backend's outbox thread, in call order, to the same subjects as a stream's
 * ({@code <token>.<shard>}, with the same headers). A publish completes after a flush, a PING the server
 * answers once it has processed everything sent before it, i.e. handed the messages to the subscribers
 * connected at that moment; its receipts have no position. The flushes run on this publisher's own thread,
 * one for all the publishes written meanwhile, so the outbox never waits for the server.
 */
final class AtMostOncePublisher {
    private final Connection connection;
    private final NatsSettings settings;
    private final Completions completions;
    private final Executor outbox;
    private final ExecutorService flusher;
    private final LinkedBlockingQueue<CompletableFuture<Void>> unflushed = new LinkedBlockingQueue<>();

    AtMostOncePublisher(String backendName, Connection connection, NatsSettings settings, Completions completions,
                        Executor outbox) {
        this.connection = connection;
        this.settings = settings;
        this.completions = completions;
        this.outbox = outbox;
        this.flusher = Executors.newSingleThreadExecutor(Threads.named("junction-nats-" + backendName + "-flush"));
    }

    CompletableFuture<List<PublishReceipt>> publish(String topic, List<Message> messages) {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        try {
            outbox.execute(() -> send(topic, messages, flushed));
        } catch (RejectedExecutionException e) {
            completions.fail(flushed, Errors.closed());
        }
        return flushed.thenApply(v -> messages.stream().map(m -> new PublishReceipt(m.id(), null, false)).toList());
    }

    /** Lets the flushes under way finish (each bounded by the call timeout), then ends the thread. */
    void close() throws InterruptedException {
        flusher.shutdown();
        flusher.awaitTermination(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** Outbox thread. */
    private void send(String topic, List<Message> messages, CompletableFuture<Void> flushed) {
        try {
            for (Message m : messages) {
                connection.publish(NatsMessage.builder()
                        .subject(Subjects.subject(topic, m, settings.shards()))
                        .headers(MessageCodec.headers(m))
                        .data(m.payload())
                        .build());
            }
            unflushed.add(flushed); // after the messages: the next flush covers them
            flusher.execute(this::flush);
        } catch (RuntimeException e) { // e.g. over max_payload, disconnected, or the flusher is closed
            completions.fail(flushed, e);
        }
    }

    /** Flusher thread: one round trip for every publish waiting; a later task finds nothing left. */
    private void flush() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        unflushed.drainTo(waiting);
        if (waiting.isEmpty()) {
            return;
        }
        try {
            connection.flush(Duration.ofMillis(settings.callTimeoutMs()));
            waiting.forEach(f -> completions.complete(f, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiting.forEach(f -> completions.fail(f, Errors.closed()));
        } catch (Exception e) { // a timeout, or the connection closed: the messages may or may not have been delivered
            waiting.forEach(f -> completions.fail(f, e));
        }
    }
}
