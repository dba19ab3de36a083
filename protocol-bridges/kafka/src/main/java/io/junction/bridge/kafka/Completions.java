package io.junction.bridge.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.junction.spi.BackendException;

/**
 * The one thread that completes every stage the backend hands out. Stages are never completed on the
 * caller's thread, on a Kafka client's network thread or on a consumer's poll thread, so no caller's
 * continuation can stall the clients; one thread also keeps completions in the order they were decided.
 */
final class Completions {
    private final ExecutorService executor;

    Completions(String backendName) {
        executor = Executors.newSingleThreadExecutor(Threads.named("junction-kafka-" + backendName + "-complete"));
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable cause) {
        BackendException classified = Errors.classify(cause);
        run(() -> future.completeExceptionally(classified));
    }

    <T> CompletableFuture<T> failed(Throwable cause) {
        CompletableFuture<T> future = new CompletableFuture<>();
        fail(future, cause);
        return future;
    }

    /** A stage that completes like {@code source}, on this thread, failures classified. */
    <T> CompletableFuture<T> relay(CompletionStage<T> source) {
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
