package io.junction.bridge.artemis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Messages for one topic sent together on one session, and the stage that completes when the broker has
 * confirmed every one of them (after its journal sync), fails on the first refusal, or times out.
 * The broker reports a refused asynchronous send through {@link #sendFailed} (Artemis 2.7+ brokers).
 */
final class PublishJob implements SendAcknowledgementHandler {
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
        this.timer = completions.schedule(() -> fail(Errors.of(ErrorKind.RETRIABLE, "no confirmation from Artemis within "
                + timeoutMs + " ms; the message may or may not be stored")), timeoutMs);
    }

    boolean isDone() {
        return done.get();
    }

    /** Called by the Artemis client on its own thread: keep it short. */
    @Override
    public void sendAcknowledged(org.apache.activemq.artemis.api.core.Message message) {
        if (unconfirmed.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.complete(result, messages.stream().map(m -> new PublishReceipt(m.id(), null, false)).toList());
        }
    }

    @Override
    public void sendFailed(org.apache.activemq.artemis.api.core.Message message, Exception e) {
        fail(e);
    }

    void fail(Throwable cause) {
        if (done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.fail(result, cause);
        }
    }
}
