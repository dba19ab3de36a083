package io.junction.server;

import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.Capability;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import io.junction.tck.memory.InMemoryBackend;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The in-memory backend, with switches that make its health check or its subscribe call fail. */
final class SwitchableBackend implements Backend {
    private final InMemoryBackend delegate = new InMemoryBackend();
    volatile boolean healthy = true;
    /** Makes subscribe throw, a bug the gateway must answer with a generic 500. */
    volatile boolean subscribeThrows;

    @Override
    public CompletionStage<Void> checkHealth() {
        return healthy ? delegate.checkHealth()
                : CompletableFuture.failedFuture(new BackendException(ErrorKind.RETRIABLE, "broker unreachable"));
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public CompletionStage<Void> start() {
        return delegate.start();
    }

    @Override
    public CompletionStage<Void> close() {
        return delegate.close();
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return delegate.ensureTopic(spec);
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return delegate.deleteTopic(topic);
    }

    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return delegate.ensureSubscription(spec);
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return delegate.deleteSubscription(spec);
    }

    @Override
    public CompletionStage<PublishReceipt> publish(String topic, Message message) {
        return delegate.publish(topic, message);
    }

    @Override
    public CompletionStage<List<PublishReceipt>> publishBatch(String topic, List<Message> messages) {
        return delegate.publishBatch(topic, messages);
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink) {
        if (subscribeThrows) {
            throw new IllegalStateException("secret internal detail");
        }
        return delegate.subscribe(spec, options, sink);
    }
}
