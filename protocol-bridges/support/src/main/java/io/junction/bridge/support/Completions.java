package io.junction.bridge.support;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.junction.spi.BackendException;

/**
 * The one thread that completes every stage a backend hands out, and runs its timers. Stages are never
 * completed on the caller's thread, on a thread of the broker client or on a thread blocked in a broker
 * call, so no caller's continuation can stall the client; a single thread also keeps completions in the
 * order they were decided. Every failure is turned into a {@link BackendException} by the bridge's classifier.
 */
public final class Completions {
    private final ScheduledThreadPoolExecutor executor;
    private final Function<Throwable, BackendException> classifier;

    /**
     * @param threadName the name of the completing thread, e.g. {@code junction-artemis-<backend>-complete}
     * @param classifier the bridge's mapping of any failure to the error kind callers see
     */
    public Completions(String threadName, Function<Throwable, BackendException> classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        executor = new ScheduledThreadPoolExecutor(1, Threads.named(threadName));
        executor.setRemoveOnCancelPolicy(true);
    }

    public <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    public void fail(CompletableFuture<?> future, Throwable cause) {
        BackendException classified = classifier.apply(cause);
        run(() -> future.completeExceptionally(classified));
    }

    public <T> CompletableFuture<T> completed(T value) {
        CompletableFuture<T> future = new CompletableFuture<>();
        complete(future, value);
        return future;
    }

    public <T> CompletableFuture<T> failed(Throwable cause) {
        CompletableFuture<T> future = new CompletableFuture<>();
        fail(future, cause);
        return future;
    }

    /** A stage that completes like {@code source}, on this thread, failures classified. */
    public <T> CompletableFuture<T> relay(CompletionStage<T> source) {
        CompletableFuture<T> out = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            if (error != null) {
                fail(out, error);
            } else {
                complete(out, value);
            }
        });
        return out;
    }

    /** Fails {@code future} with what {@code timeout} gives unless it completes within {@code ms}. */
    public <T> CompletableFuture<T> within(CompletableFuture<T> future, long ms, Supplier<? extends Throwable> timeout) {
        ScheduledFuture<?> timer = schedule(() -> future.completeExceptionally(timeout.get()), ms);
        future.whenComplete((v, e) -> timer.cancel(false));
        return future;
    }

    public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> every(Runnable task, long periodMs) {
        return executor.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs the completions already queued, then stops the thread. */
    public void shutdown() {
        executor.shutdown();
    }

    private void run(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException afterShutdown) {
            completion.run(); // only after shutdown(), when nothing else completes stages any more
        }
    }
}
