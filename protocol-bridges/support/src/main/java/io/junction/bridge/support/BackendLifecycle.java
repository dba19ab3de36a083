package io.junction.bridge.support;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/**
 * The start-once, close-once guard of a backend. Start is refused after close (CLOSED) and when repeated
 * (TERMINAL); close is idempotent, shuts the backend down on its own thread and always returns the same stage;
 * operations begun while closing fail with CLOSED. Registrations that must not race with the shutdown
 * (new subscribers) run under the same lock as close.
 */
public final class BackendLifecycle {
    private final String broker;
    private final String backendName;
    private final Completions completions;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile boolean closing;

    /** @param broker the broker's name in messages and thread names, e.g. {@code Artemis} */
    public BackendLifecycle(String broker, String backendName, Completions completions) {
        this.broker = broker;
        this.backendName = backendName;
        this.completions = completions;
    }

    public boolean isClosing() {
        return closing;
    }

    /** The CLOSED error of everything asked of the backend once close began. */
    public BackendException closedError() {
        return new BackendException(ErrorKind.CLOSED, "the " + broker + " backend is closed");
    }

    /** Runs {@code starting} the first time, unless closing. */
    public <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> starting) {
        if (closing) {
            return completions.failed(closedError());
        }
        if (!started.compareAndSet(false, true)) {
            return completions.failed(new BackendException(ErrorKind.TERMINAL,
                    "backend " + backendName + " was already started"));
        }
        return starting.get();
    }

    /** Runs {@code operation}, or fails with CLOSED once close began. */
    public <T> CompletionStage<T> unlessClosing(Supplier<? extends CompletionStage<T>> operation) {
        return closing ? completions.failed(closedError()) : operation.get();
    }

    /** Runs {@code registration} under the close lock; throws CLOSED once close began. */
    public <T> T whileOpen(Supplier<T> registration) {
        synchronized (lock) {
            if (closing) {
                throw closedError();
            }
            return registration.get();
        }
    }

    /**
     * Begins closing: the first call runs {@code shutDown} on a thread of its own, which must end with
     * {@link #closed}. Every call returns the same stage.
     */
    public CompletionStage<Void> close(Runnable shutDown) {
        synchronized (lock) {
            if (closing) {
                return closed;
            }
            closing = true;
        }
        Threads.start("junction-" + broker.toLowerCase(Locale.ROOT) + "-" + backendName + "-close", shutDown);
        return closed;
    }

    /** Completes the stage close returns; the last step of the shutdown. */
    public void closed() {
        completions.complete(closed, null);
    }
}
