package io.junction.tck.memory;

import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.Capability;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SeekTarget;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The reference backend; see the package documentation. */
public final class InMemoryBackend implements Backend {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "junction-memory-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Topic> topics = new HashMap<>(); // guarded by this
    private final List<MemorySubscriber> subscribers = new ArrayList<>(); // guarded by this
    private CompletableFuture<Void> closing; // guarded by this

    private static final class Topic {
        final Map<String, MemoryQueue> queues = new HashMap<>();
        final List<Message> log = new ArrayList<>(); // every message, by sequence: the history REPLAY rewinds in
        long nextSequence;
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ORDERED_PER_KEY, Capability.NATIVE_DELAY, Capability.DELIVERY_COUNT,
                Capability.CONSUMER_GROUPS, Capability.REPLAY);
    }

    @Override
    public CompletionStage<Void> start() {
        return async(() -> { });
    }

    @Override
    public CompletionStage<Void> close() {
        List<MemorySubscriber> open;
        synchronized (this) {
            if (closing != null) {
                return closing.copy();
            }
            closing = new CompletableFuture<>();
            open = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        CompletableFuture<?>[] stops = open.stream().map(s -> s.close().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        CompletableFuture<Void> done = closing;
        CompletableFuture.allOf(stops).whenComplete((v, e) -> {
            executor.shutdown();
            done.complete(null);
        });
        return done.copy();
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        return async(() -> { });
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return supply(() -> {
            synchronized (this) {
                return topics.putIfAbsent(spec.name(), new Topic()) == null;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return supply(() -> {
            synchronized (this) {
                Topic t = topics.remove(topic);
                if (t == null) {
                    return false;
                }
                t.queues.values().forEach(MemoryQueue::markDeleted);
                return true;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return supply(() -> {
            synchronized (this) {
                Topic t = requireTopic(spec.topic());
                MemoryQueue existing = queueOf(spec.name());
                if (existing != null) {
                    if (!existing.topic().equals(spec.topic())) {
                        throw new BackendException(ErrorKind.TERMINAL, "subscription " + spec.name()
                                + " exists on topic " + existing.topic());
                    }
                    return false;
                }
                t.queues.put(spec.name(), new MemoryQueue(spec.topic()));
                return true;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return supply(() -> {
            synchronized (this) {
                Topic t = topics.get(spec.topic());
                MemoryQueue q = t == null ? null : t.queues.remove(spec.name());
                if (q == null) {
                    return false;
                }
                q.markDeleted();
                return true;
            }
        });
    }

    @Override
    public CompletionStage<PublishReceipt> publish(String topic, Message message) {
        return publishBatch(topic, List.of(message)).thenApply(list -> list.get(0));
    }

    @Override
    public CompletionStage<List<PublishReceipt>> publishBatch(String topic, List<Message> messages) {
        return supply(() -> {
            synchronized (this) {
                Topic t = requireTopic(topic);
                List<PublishReceipt> receipts = new ArrayList<>(messages.size());
                for (Message m : messages) {
                    long seq = t.nextSequence++;
                    t.log.add(m);
                    t.queues.values().forEach(q -> q.add(seq, m));
                    receipts.add(new PublishReceipt(m.id(), Long.toString(seq), false));
                }
                return receipts;
            }
        });
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink) {
        MemorySubscriber s;
        synchronized (this) {
            checkOpen();
            MemoryQueue q = queueOf(spec.name());
            if (q == null) {
                throw new BackendException(ErrorKind.NOT_FOUND, "no subscription " + spec.name());
            }
            s = new MemorySubscriber(this, spec.name(), q, sink);
            subscribers.add(s);
        }
        s.start();
        return s;
    }

    /** Refills the subscription's queue from the topic's history, from the target on. */
    @Override
    public CompletionStage<Void> seek(SubscriptionSpec spec, SeekTarget target) {
        return async(() -> {
            synchronized (this) {
                Topic t = requireTopic(spec.topic());
                MemoryQueue q = t.queues.get(spec.name());
                if (q == null) {
                    throw new BackendException(ErrorKind.NOT_FOUND, "no subscription " + spec.name());
                }
                long from = target.position() != null ? parsePosition(target.position()) : firstAtOrAfter(t, target);
                q.clear();
                for (long seq = from; seq < t.log.size(); seq++) {
                    q.add(seq, t.log.get((int) seq));
                }
            }
        });
    }

    private static long firstAtOrAfter(Topic t, SeekTarget target) {
        for (int seq = 0; seq < t.log.size(); seq++) {
            if (!t.log.get(seq).publishTime().isBefore(target.time())) {
                return seq;
            }
        }
        return t.log.size();
    }

    private static long parsePosition(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw new BackendException(ErrorKind.TERMINAL, "not a position of this backend: " + position);
        }
    }

    /** Runs {@code action} on the backend's own threads, as every stage of a real adapter completes. */
    CompletionStage<Void> async(Runnable action) {
        return supply(() -> {
            action.run();
            return null;
        });
    }

    private <T> CompletionStage<T> supply(Supplier<T> action) {
        synchronized (this) {
            if (closing != null) {
                return CompletableFuture.failedFuture(new BackendException(ErrorKind.CLOSED, "backend closed"));
            }
        }
        return CompletableFuture.supplyAsync(action, executor);
    }

    private void checkOpen() {
        if (closing != null) {
            throw new BackendException(ErrorKind.CLOSED, "backend closed");
        }
    }

    private Topic requireTopic(String name) {
        Topic t = topics.get(name);
        if (t == null) {
            throw new BackendException(ErrorKind.NOT_FOUND, "no topic " + name);
        }
        return t;
    }

    private MemoryQueue queueOf(String subscription) {
        for (Topic t : topics.values()) {
            MemoryQueue q = t.queues.get(subscription);
            if (q != null) {
                return q;
            }
        }
        return null;
    }
}
