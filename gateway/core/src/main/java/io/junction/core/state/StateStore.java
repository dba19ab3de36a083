package io.junction.core.state;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gateway's own durable state (idempotency records, attempt counts, dead letters): one H2 MVStore
 * file, {@code state.mv.db} in the data dir. MVStore is a log-structured B-tree store: its memory use is
 * bounded by its page cache ({@code cacheMb}), whatever the number of entries.
 *
 * <p>Every access runs on the store's single thread ({@link #run}), never on an event loop; that thread
 * also serialises writers. Changes reach the disk with the background auto-commit (within about a
 * second) or, when a caller must not go on before they are on disk, with {@link #commitDurably()}.
 */
public final class StateStore implements AutoCloseable {
    private final MVStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "junction-state");
        t.setDaemon(true);
        return t;
    });

    private StateStore(MVStore store) {
        this.store = store;
    }

    /** Opens (or creates) the store under {@code dataDir}. Blocks: call it off the event loop. */
    public static StateStore open(Path dataDir, int cacheMb) throws IOException {
        Files.createDirectories(dataDir);
        MVStore store = new MVStore.Builder()
                .fileName(dataDir.resolve("state.mv.db").toString())
                .cacheSize(cacheMb)
                .compress()
                .open();
        return new StateStore(store);
    }

    /** A named map of string keys to byte values; callers encode their own records. Store thread only. */
    public MVMap<String, byte[]> map(String name) {
        return store.openMap(name);
    }

    /** Commits and forces the file to disk. Store thread only. */
    public void commitDurably() {
        store.commit();
        store.sync();
    }

    /** Runs {@code work} on the store thread; the future completes on {@code context}. */
    public <T> Future<T> run(Context context, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the state store is closed", e));
        }
        return Future.fromCompletionStage(result, context);
    }

    /** Commits what is pending and closes the file. Blocks until queued work is done. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
