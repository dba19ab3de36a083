package io.junction.bridge.rabbitmq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * The bounded pool of publisher threads. A job goes to the thread chosen by its (first) key, so that
 * publishes of one key are sent on one channel in call order, hence reach their shard queue in that order;
 * unkeyed jobs go round robin. At most {@code maxPendingPublishes} messages are accepted and unconfirmed at
 * once; more are refused as OVERLOADED instead of queueing without bound.
 */
final class Publisher {
    private final RabbitMqSettings settings;
    private final Completions completions;
    private final List<PublisherWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Semaphore permits;
    private final Set<PublishJob> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Object lock = new Object();
    private boolean closed;

    Publisher(String backendName, Connector connector, RabbitMqSettings settings, TopicCache topics, Completions completions) {
        this.settings = settings;
        this.completions = completions;
        this.permits = new Semaphore(settings.maxPendingPublishes());
        for (int i = 0; i < settings.publisherChannels(); i++) {
            PublisherWorker worker = new PublisherWorker(connector, topics, settings.callTimeoutMs());
            workers.add(worker);
            threads.add(Threads.start("junction-rabbitmq-" + backendName + "-pub-" + i, worker));
        }
    }

    CompletableFuture<List<PublishReceipt>> publish(String topic, List<Message> messages) {
        int n = messages.size();
        if (n == 0) {
            CompletableFuture<List<PublishReceipt>> none = new CompletableFuture<>();
            completions.complete(none, List.of());
            return none;
        }
        if (n > settings.maxPendingPublishes()) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "a batch of " + n
                    + " messages exceeds maxPendingPublishes=" + settings.maxPendingPublishes()));
        }
        if (!permits.tryAcquire(n)) {
            return completions.failed(Errors.of(ErrorKind.OVERLOADED, "too many publishes awaiting confirmation"));
        }
        synchronized (lock) { // no job (and its timer) once close() began
            if (closed) {
                permits.release(n);
                return completions.failed(Errors.closed());
            }
            PublishJob job = new PublishJob(topic, messages, completions, settings.callTimeoutMs());
            pending.add(job);
            job.result.whenComplete((receipts, failure) -> {
                permits.release(n);
                pending.remove(job);
            });
            workerFor(messages).submit(job);
            return job.result;
        }
    }

    /**
     * Refuses new publishes, sends the accepted ones and waits for their confirmations; each job ends within
     * {@code callTimeoutMs} of its submission, so this is bounded. Blocks: call it on the backend's own thread.
     */
    void close() throws InterruptedException {
        synchronized (lock) {
            closed = true;
        }
        workers.forEach(PublisherWorker::drain);
        for (Thread thread : threads) {
            thread.join(2 * settings.callTimeoutMs());
        }
        try {
            CompletableFuture.allOf(pending.stream().map(job -> job.result).toArray(CompletableFuture[]::new))
                    .handle((ignored, failure) -> null)
                    .get(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // cannot happen in practice: every job has its own timer, which fails it
        }
    }

    private PublisherWorker workerFor(List<Message> messages) {
        for (Message m : messages) {
            if (m.key() != null) {
                return workers.get(Math.floorMod(m.key().hashCode(), workers.size()));
            }
        }
        return workers.get(Math.floorMod(roundRobin.getAndIncrement(), workers.size()));
    }
}
