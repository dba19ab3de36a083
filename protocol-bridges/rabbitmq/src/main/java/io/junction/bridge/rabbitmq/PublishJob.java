package io.junction.bridge.rabbitmq;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Messages for one topic sent together on one channel, and the stage that completes when the broker has
 * confirmed every one of them, fails on the first refusal, or times out (RETRIABLE: outcome unknown).
 */
final class PublishJob {
    final String topic;
    final List<Message> messages;
    final CompletableFuture<List<PublishReceipt>> result = new CompletableFuture<>();

    private final Completions completions;
    private final AtomicInteger unconfirmed;
    private final AtomicBoolean done = new AtomicBoolean();
    private final ScheduledFuture<?> timer;

    PublishJob(String topic, List<Message> messages, Completions completions, long timeoutMs) {
        this.topic = topic;
        this.messages = messages;
        this.completions = completions;
        this.unconfirmed = new AtomicInteger(messages.size());
        this.timer = completions.schedule(() -> fail(Errors.of(ErrorKind.RETRIABLE, "no confirmation from RabbitMQ within "
                + timeoutMs + " ms; the message may or may not be stored")), timeoutMs);
    }

    boolean isDone() {
        return done.get();
    }

    /** One message confirmed (called on the client's connection thread: keep it short). */
    void confirmOne() {
        if (unconfirmed.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.complete(result, messages.stream().map(m -> new PublishReceipt(m.id(), null, false)).toList());
        }
    }

    void fail(Throwable cause) {
        if (done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.fail(result, cause);
        }
    }
}
