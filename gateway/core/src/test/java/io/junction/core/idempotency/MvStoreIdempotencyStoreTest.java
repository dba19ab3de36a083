package io.junction.core.idempotency;

import io.junction.core.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MvStoreIdempotencyStoreTest {
    private static final Duration WINDOW = Duration.ofMillis(1_000);
    private static final int CACHE_MB = 16;

    @TempDir
    Path dataDir;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private StateStore state;
    private MvStoreIdempotencyStore store;

    @BeforeEach
    void open() throws Exception {
        state = StateStore.open(dataDir, CACHE_MB);
        store = new MvStoreIdempotencyStore(vertx, state, WINDOW, now::get);
    }

    @AfterEach
    void close() {
        store.close();
        state.close();
        await(vertx.close());
    }

    @Test
    void recordsSurviveAReopenOfTheStateStore() throws Exception {
        byte[] digest = digest(7);
        await(store.record("orders", Map.of("id-1", new IdempotencyRecord(digest, "42", now.get()),
                "id-2", new IdempotencyRecord(digest(8), null, now.get()))));
        store.close();
        state.close();

        state = StateStore.open(dataDir, CACHE_MB);
        store = new MvStoreIdempotencyStore(vertx, state, WINDOW, now::get);
        Map<String, IdempotencyRecord> found = await(store.find("orders", List.of("id-1", "id-2", "id-3")));
        assertEquals(2, found.size());
        assertArrayEquals(digest, found.get("id-1").digest());
        assertEquals("42", found.get("id-1").position());
        assertEquals(now.get(), found.get("id-1").acceptedAtMillis());
        assertNull(found.get("id-2").position());
        assertEquals(Map.of(), await(store.find("other-topic", List.of("id-1"))), "ids are per topic");
    }

    @Test
    void aRecordExpiresAtTheEndOfTheWindowAndTheSweepRemovesIt() {
        await(store.record("t", Map.of("a", new IdempotencyRecord(digest(1), "1", now.get()))));
        now.addAndGet(WINDOW.toMillis() - 1);
        assertEquals(1, await(store.find("t", List.of("a"))).size(), "still inside the window");
        assertEquals(0, await(store.sweep()));

        now.incrementAndGet();
        assertEquals(Map.of(), await(store.find("t", List.of("a"))), "ignored once the window passed");
        assertEquals(1, await(store.sweep()));
        assertEquals(0, entries(MvStoreIdempotencyStore.RECORDS_MAP) + entries(MvStoreIdempotencyStore.BY_TIME_MAP));
    }

    @Test
    void theSweepWorksInBoundedStepsAndKeepsAnIdRecordedAgain() {
        int expired = 2 * MvStoreIdempotencyStore.STEP + 3;
        Map<String, IdempotencyRecord> old = new HashMap<>();
        for (int i = 0; i < expired; i++) {
            old.put("old-" + i, new IdempotencyRecord(digest(i), null, now.get()));
        }
        await(store.record("t", old));
        now.addAndGet(WINDOW.toMillis());
        await(store.record("t", Map.of("old-0", new IdempotencyRecord(digest(0), "again", now.get()))));

        assertEquals(expired, await(store.sweep()), "every expired index entry, the re-recorded id's old one too");
        assertEquals("again", await(store.find("t", List.of("old-0"))).get("old-0").position());
        assertEquals(1, entries(MvStoreIdempotencyStore.RECORDS_MAP));
        assertEquals(1, entries(MvStoreIdempotencyStore.BY_TIME_MAP));
    }

    @Test
    void forgettingATopicKeepsTheOthers() {
        Map<String, IdempotencyRecord> many = new HashMap<>();
        for (int i = 0; i < MvStoreIdempotencyStore.STEP + 1; i++) {
            many.put("m-" + i, new IdempotencyRecord(digest(i), null, now.get()));
        }
        await(store.record("gone", many));
        await(store.record("gone.not", Map.of("m-1", new IdempotencyRecord(digest(1), null, now.get()))));
        await(store.forgetTopic("gone"));
        assertEquals(Map.of(), await(store.find("gone", List.of("m-0", "m-1"))));
        assertEquals(1, await(store.find("gone.not", List.of("m-1"))).size());
    }

    /**
     * The disk cost per remembered id behind the README's figure: 100,000 ids of 36 characters (UUIDs) on a
     * 12-character topic, with no position (as on Artemis). The file also holds pages superseded by the
     * commits made while writing, and their number depends on timing (MVStore commits every second), so
     * the bound is loose: it catches a record format that grows, not noise.
     */
    @Test
    void diskCostPerIdStaysSmall() throws Exception {
        int ids = 100_000;
        Map<String, IdempotencyRecord> records = new HashMap<>();
        for (int i = 0; i < ids; i++) {
            records.put(UUID.randomUUID().toString(), new IdempotencyRecord(digest(i), null, now.get() + i / 1_000));
        }
        await(store.record("orders.eu-1", records));
        store.close();
        state.close();
        long bytes = Files.size(dataDir.resolve("state.mv.db"));
        System.out.printf("idempotency store: %d ids take %d bytes on disk, %d bytes per id%n", ids, bytes, bytes / ids);
        assertTrue(bytes / ids < 1_500, bytes / ids + " bytes per id");
        state = StateStore.open(dataDir, CACHE_MB);
        store = new MvStoreIdempotencyStore(vertx, state, WINDOW, now::get);
    }

    private int entries(String map) {
        return await(state.run(vertx.getOrCreateContext(), () -> state.map(map).size()));
    }

    /** A distinct 32-byte digest per seed (the store does not care how digests are made). */
    private static byte[] digest(int seed) {
        byte[] d = new byte[32];
        new Random(seed).nextBytes(d);
        return d;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the operation failed: " + e, e);
        }
    }
}
