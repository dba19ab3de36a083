package io.junction.bridge.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * Messages for one topic sent together by one publisher thread, and the stage that completes when the broker
 * has confirmed every one of them, fails on the first refusal, or times out (RETRIABLE: outcome unknown).
 * Receipts carry no position.
 */
public final class PublishJob {
    private final String topic;
    private final List<Message> messages;
    private final CompletableFuture<List<PublishReceipt>> result = new CompletableFuture<>();
    private final Completions completions;
    private final AtomicInteger unconfirmed;
    private final AtomicBoolean done = new AtomicBoolean();
    private final ScheduledFuture<?> timer;

    PublishJob(String broker, String topic, List<Message> messages, Completions completions, long timeoutMs) {
        this.topic = topic;
        this.messages = messages;
        this.completions = completions;
        this.unconfirmed = new AtomicInteger(messages.size());
        this.timer = completions.schedule(() -> fail(new BackendException(ErrorKind.RETRIABLE, "no confirmation from "
                + broker + " within " + timeoutMs + " ms; the message may or may not be stored")), timeoutMs);
    }

    public String topic() {
        return topic;
    }

    public List<Message> messages() {
        return messages;
    }

    /** Completes (on the completion thread) once every message is confirmed, or the job failed. */
    public CompletableFuture<List<PublishReceipt>> result() {
        return result;
    }

    /** Confirmed, refused or timed out: nothing more of it is to be sent. */
    public boolean isDone() {
        return done.get();
    }

    /** One message confirmed; may be called on the broker client's own thread. */
    public void confirmOne() {
        if (unconfirmed.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.complete(result, messages.stream().map(m -> new PublishReceipt(m.id(), null, false)).toList());
        }
    }

    /** Fails the job unless it is done already; {@code cause} goes through the bridge's classifier. */
    public void fail(Throwable cause) {
        if (done.compareAndSet(false, true)) {
            timer.cancel(false);
            completions.fail(result, cause);
        }
    }
}
