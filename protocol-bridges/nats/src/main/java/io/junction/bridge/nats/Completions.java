package io.junction.bridge.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.junction.spi.BackendException;

/**
 * The one thread that completes every stage the backend hands out, and runs its timers. Stages are never
 * completed on the caller's thread or on a thread of the NATS client (whose reader thread must not run
 * the caller's continuations); a single thread also keeps completions in the order they were decided.
 */
final class Completions {
    private final ScheduledThreadPoolExecutor executor;

    Completions(String backendName) {
        executor = new ScheduledThreadPoolExecutor(1, Threads.named("junction-nats-" + backendName + "-complete"));
        executor.setRemoveOnCancelPolicy(true);
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable cause) {
        BackendException classified = Errors.classify(cause);
        run(() -> future.completeExceptionally(classified));
    }

    <T> CompletableFuture<T> completed(T value) {
        CompletableFuture<T> future = new CompletableFuture<>();
        complete(future, value);
        return future;
    }

    <T> CompletableFuture<T> failed(Throwable cause) {
        CompletableFuture<T> future = new CompletableFuture<>();
        fail(future, cause);
        return future;
    }

    /** Fails {@code future} with a TimeoutException (RETRIABLE) unless it completes within {@code ms}. */
    <T> CompletableFuture<T> within(CompletableFuture<T> future, long ms, String what) {
        ScheduledFuture<?> timer = schedule(() -> future.completeExceptionally(
                new TimeoutException(what + ": no answer from NATS within " + ms + " ms")), ms);
        future.whenComplete((v, e) -> timer.cancel(false));
        return future;
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> every(Runnable task, long periodMs) {
        return executor.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs the completions already queued, then stops the thread. */
    void shutdown() {
        executor.shutdown();
    }

    private void run(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException afterShutdown) {
            completion.run(); // only after close(), when nothing else completes stages any more
        }
    }
}
