package io.junction.bridge.support;

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
import java.util.function.Supplier;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;

/**
 * The bounded pool of publisher threads, each with its own {@link JobSender}. A job goes to the thread chosen
 * by its (first) key, so that publishes of one key are sent in call order by one thread; unkeyed jobs go round
 * robin. At most {@code maxPendingPublishes} messages are accepted and unconfirmed at once; more are refused
 * as OVERLOADED instead of queueing without bound. A job not confirmed within {@code callTimeoutMs} fails.
 */
public final class PublisherPool {
    private final String broker;
    private final int maxPendingPublishes;
    private final long callTimeoutMs;
    private final Completions completions;
    private final List<PublisherThread> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Semaphore permits;
    private final Set<PublishJob> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Object lock = new Object();
    private boolean closed;

    /**
     * Starts {@code threadCount} threads named {@code threadPrefix-0}, {@code threadPrefix-1}, ...
     *
     * @param broker  the broker's name in error messages, e.g. {@code Artemis}
     * @param pollMs  how long an idle thread waits for a job before it checks whether to end
     * @param senders a new sender for each thread
     */
    public PublisherPool(String broker, String threadPrefix, int threadCount, long pollMs, int maxPendingPublishes,
                         long callTimeoutMs, Completions completions, Supplier<JobSender> senders) {
        this.broker = broker;
        this.maxPendingPublishes = maxPendingPublishes;
        this.callTimeoutMs = callTimeoutMs;
        this.completions = completions;
        this.permits = new Semaphore(maxPendingPublishes);
        for (int i = 0; i < threadCount; i++) {
            PublisherThread worker = new PublisherThread(senders.get(), pollMs);
            workers.add(worker);
            threads.add(Threads.start(threadPrefix + "-" + i, worker));
        }
    }

    public CompletableFuture<List<PublishReceipt>> publish(String topic, List<Message> messages) {
        int n = messages.size();
        if (n == 0) {
            CompletableFuture<List<PublishReceipt>> none = new CompletableFuture<>();
            completions.complete(none, List.of());
            return none;
        }
        if (n > maxPendingPublishes) {
            return completions.failed(new BackendException(ErrorKind.TERMINAL, "a batch of " + n
                    + " messages exceeds maxPendingPublishes=" + maxPendingPublishes));
        }
        if (!permits.tryAcquire(n)) {
            return completions.failed(new BackendException(ErrorKind.OVERLOADED,
                    "too many publishes awaiting confirmation"));
        }
        synchronized (lock) { // no job (and its timer) once close() began
            if (closed) {
                permits.release(n);
                return completions.failed(new BackendException(ErrorKind.CLOSED, "the " + broker + " backend is closed"));
            }
            PublishJob job = new PublishJob(broker, topic, messages, completions, callTimeoutMs);
            pending.add(job);
            job.result().whenComplete((receipts, failure) -> {
                permits.release(n);
                pending.remove(job);
            });
            workerFor(messages).submit(job);
            return job.result();
        }
    }

    /**
     * Refuses new publishes, sends the accepted ones and waits for their confirmations; each job ends within
     * {@code callTimeoutMs} of its submission, so this is bounded. Blocks: call it on the backend's own thread.
     */
    public void close() throws InterruptedException {
        synchronized (lock) {
            closed = true;
        }
        workers.forEach(PublisherThread::drain);
        for (Thread thread : threads) {
            thread.join(2 * callTimeoutMs);
        }
        try {
            CompletableFuture.allOf(pending.stream().map(PublishJob::result).toArray(CompletableFuture[]::new))
                    .handle((ignored, failure) -> null)
                    .get(2 * callTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // cannot happen in practice: every job has its own timer, which fails it
        }
    }

    private PublisherThread workerFor(List<Message> messages) {
        for (Message m : messages) {
            if (m.key() != null) {
                return workers.get(Math.floorMod(m.key().hashCode(), workers.size()));
            }
        }
        return workers.get(Math.floorMod(roundRobin.getAndIncrement(), workers.size()));
    }
}
