package io.junction.bridge.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import io.junction.bridge.support.Completions;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Publishes to JetStream and completes once every message has its PubAck. Messages are written in call
 * order by the backend's single outbox thread (so one key's messages reach the stream in the order they
 * were published), each as a request whose reply is the PubAck; many are in flight at once. At most
 * {@code maxPendingPublishes} messages are unacknowledged at a time; more are refused as OVERLOADED.
 *
 * <p>A publish nobody answers means no stream captures the subject: the topic is missing (NOT_FOUND)
 * unless its stream exists after all (then RETRIABLE: JetStream is restarting).
 */
final class Publisher {
    private final Connection connection;
    private final Admin admin;
    private final NatsSettings settings;
    private final Completions completions;
    private final Executor outbox;
    private final Semaphore permits;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private boolean closed;

    Publisher(Connection connection, Admin admin, NatsSettings settings, Completions completions, Executor outbox) {
        this.connection = connection;
        this.admin = admin;
        this.settings = settings;
        this.completions = completions;
        this.outbox = outbox;
        this.permits = new Semaphore(settings.maxPendingPublishes());
    }

    CompletableFuture<List<PublishReceipt>> publish(String topic, List<Message> messages) {
        int n = messages.size();
        CompletableFuture<List<PublishReceipt>> result = new CompletableFuture<>();
        if (n == 0) {
            completions.complete(result, List.of());
            return result;
        }
        if (n > settings.maxPendingPublishes()) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "a batch of " + n
                    + " messages exceeds maxPendingPublishes=" + settings.maxPendingPublishes()));
        }
        if (!permits.tryAcquire(n)) {
            return completions.failed(Errors.of(ErrorKind.OVERLOADED, "too many publishes awaiting their PubAck"));
        }
        synchronized (lock) {
            if (closed) {
                permits.release(n);
                return completions.failed(Errors.closed());
            }
            pending.add(result);
        }
        result.whenComplete((receipts, failure) -> {
            permits.release(n);
            pending.remove(result);
        });
        try {
            outbox.execute(() -> send(topic, messages, result));
        } catch (RejectedExecutionException e) {
            completions.fail(result, Errors.closed());
        }
        return result;
    }

    /** Refuses new publishes and waits (bounded by the call timeout) for the PubAcks of those sent. */
    void close() throws InterruptedException {
        synchronized (lock) {
            closed = true;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .handle((ignored, failure) -> null)
                    .get(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // each publish has its own timer, which fails it; nothing more to wait for
        }
    }

    /** Outbox thread. */
    private void send(String topic, List<Message> messages, CompletableFuture<List<PublishReceipt>> result) {
        List<CompletableFuture<PublishReceipt>> acks = new ArrayList<>(messages.size());
        try {
            for (Message m : messages) {
                NatsMessage message = NatsMessage.builder()
                        .subject(Subjects.subject(topic, m, settings.shards()))
                        .headers(MessageCodec.headers(m))
                        .data(m.payload())
                        .build();
                CompletableFuture<io.nats.client.Message> reply = completions.within(
                        connection.requestWithTimeout(message, Duration.ofMillis(settings.callTimeoutMs())),
                        settings.callTimeoutMs(), () -> Errors.noAnswer("publish " + m.id(), settings.callTimeoutMs()));
                acks.add(reply.thenApply(r -> receipt(m, r)));
            }
        } catch (RuntimeException e) { // e.g. over max_payload, or the connection is closed
            acks.forEach(a -> a.cancel(false));
            completions.fail(result, e);
            return;
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, failure) -> {
            if (failure == null) {
                completions.complete(result, acks.stream().map(CompletableFuture::join).toList());
            } else if (Errors.isNoResponders(failure)) {
                admin.topicExists(topic).whenComplete((exists, checkFailed) -> completions.fail(result,
                        Boolean.FALSE.equals(exists) ? Errors.of(ErrorKind.NOT_FOUND, "topic " + topic + " does not exist")
                                : failure));
            } else {
                completions.fail(result, failure);
            }
        });
    }

    private static PublishReceipt receipt(Message message, io.nats.client.Message reply) {
        try {
            PublishAck ack = new PublishAck(reply);
            return new PublishReceipt(message.id(), Long.toString(ack.getSeqno()), ack.isDuplicate());
        } catch (Exception e) { // a JetStream error answered instead of a PubAck
            throw new CompletionException(e);
        }
    }
}
