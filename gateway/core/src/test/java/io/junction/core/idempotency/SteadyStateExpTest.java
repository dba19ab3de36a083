package io.junction.core.idempotency;

import io.junction.core.state.StateStore;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.junction.core.idempotency.MvStoreIdempotencyStoreTest.await;

class SteadyStateExpTest {
    @TempDir
    Path dir;

    @Test
    void steady() throws Exception {
        Vertx vertx = Vertx.vertx();
        StateStore state = StateStore.open(dir, 16);
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        int live = 60_000, perBatch = 200; // 2000 ids/s, 30 s window, real time
        MvStoreIdempotencyStore store = new MvStoreIdempotencyStore(vertx, state, Duration.ofSeconds(30), System::currentTimeMillis);
        long t0 = System.nanoTime();
        for (int b = 0; b < 10 * 180; b++) {
            Thread.sleep(100);
            Map<String, IdempotencyRecord> records = new HashMap<>();
            for (int i = 0; i < perBatch; i++) {
                byte[] d = new byte[32];
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(d);
                records.put(UUID.randomUUID().toString(), new IdempotencyRecord(d, null, System.currentTimeMillis()));
            }
            await(store.record("orders.eu-1", records));
            now.incrementAndGet();
            await(store.sweep());
            if (b % 100 == 99) {
                int n = await(state.run(vertx.getOrCreateContext(), () -> state.map("idempotency").size()));
                System.out.printf("batch %d: live %d, file %d B, %d B/live id, %.1f s%n", b + 1, n, Files.size(dir.resolve("state.mv.db")),
                        Files.size(dir.resolve("state.mv.db")) / n, (System.nanoTime() - t0) / 1e9);
            }
        }
        store.close();
        state.close();
        System.out.printf("closed: file %d B, %d B/live id%n", Files.size(dir.resolve("state.mv.db")), Files.size(dir.resolve("state.mv.db")) / live);
        await(vertx.close());
    }
}
