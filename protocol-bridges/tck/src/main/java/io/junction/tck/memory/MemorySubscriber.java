package io.junction.tck.memory;

import io.junction.spi.DeliverySink;
import io.junction.spi.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A consumer of one queue on its own thread; hands deliveries to the sink one at a time, in order. */
final class MemorySubscriber implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySubscriber.class);
    private static final long POLL_MILLIS = 50;

    private final InMemoryBackend backend;
    private final MemoryQueue queue;
    private final DeliverySink sink;
    private final Thread thread;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean paused;
    private volatile boolean stopping;

    MemorySubscriber(InMemoryBackend backend, String name, MemoryQueue queue, DeliverySink sink) {
        this.backend = backend;
        this.queue = queue;
        this.sink = sink;
        this.thread = new Thread(this::run, "junction-memory-sub-" + name);
        this.thread.setDaemon(true);
    }

    InMemoryBackend backend() {
        return backend;
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping && !queue.isDeleted()) {
                if (paused) {
                    synchronized (this) {
                        if (paused && !stopping) {
                            wait(POLL_MILLIS);
                        }
                    }
                    continue;
                }
                MemoryQueue.Entry e = queue.take(this, POLL_MILLIS);
                if (e != null) {
                    sink.accept(e.holder);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("sink failed; subscriber stops", e);
        } finally {
            queue.releaseAll(this);
            closed.complete(null);
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    @Override
    public CompletionStage<Void> close() {
        stopping = true;
        synchronized (this) {
            notifyAll();
        }
        return closed.copy();
    }
}
