package io.junction.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publish -> pull -> ack through the gateway: batches are published while {@link BenchPlan#CONSUMERS}
 * consumers pull from one subscription and ack what they got, until every message is acked or time is up.
 * Keyed runs spread the messages over {@link BenchPlan#KEYS} keys, so per-key ordering is in play (one
 * outstanding delivery per key); unkeyed runs send no key.
 */
final class EndToEnd {
    private static final long CALL_TIMEOUT_SECONDS = 60;
    private static final long FAILURE_PAUSE_MS = 100;

    private final GatewayClient http;
    private final byte[] payload;

    EndToEnd(GatewayClient http, byte[] payload) {
        this.http = http;
        this.payload = payload;
    }

    /** @return messages acked, failed calls, and the time from the first publish to the last ack */
    Throughput run(String topic, String subscription, boolean keyed, int messages, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        AtomicLong acked = new AtomicLong();
        AtomicLong target = new AtomicLong(messages); // lowered to what was published once publishing ended
        AtomicLong failures = new AtomicLong();
        AtomicLong lastAck = new AtomicLong(start);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < BenchPlan.CONSUMERS; i++) {
            Thread consumer = new Thread(() -> {
                while (acked.get() < target.get() && System.nanoTime() < deadline) {
                    try {
                        int n = pullAndAck(subscription);
                        if (n > 0) {
                            acked.addAndGet(n);
                            lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                        pauseAfterFailure();
                    }
                }
            }, "bench-consumer-" + i);
            consumer.start();
            consumers.add(consumer);
        }
        long[] nextKey = {keyed ? 0 : -1};
        Sender publish = () -> {
            long first = nextKey[0];
            if (keyed) {
                nextKey[0] += BenchPlan.BATCH_SIZE;
            }
            return http.publishBatch(topic, Payloads.batchBody(payload, BenchPlan.BATCH_SIZE, first, BenchPlan.KEYS));
        };
        Throughput published = new ClosedLoop(BenchPlan.END_TO_END_PUBLISH_IN_FLIGHT, BenchPlan.BATCH_SIZE)
                .run(publish, messages, max);
        target.set(published.messages());
        for (Thread consumer : consumers) {
            consumer.join(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime()))
                    + TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        }
        if (firstFailure.get() != null) {
            System.err.println("bench: " + failures.get() + " pull/ack calls failed, the first with " + firstFailure.get());
        }
        return new Throughput(acked.get(), published.failures() + failures.get(), Duration.ofNanos(lastAck.get() - start));
    }

    /** Keeps a consumer that keeps failing from hammering the gateway. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(FAILURE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pull and the ack of what it returned; the number of messages acked. */
    private int pullAndAck(String subscription) throws Exception {
        JsonObject pulled = http.pull(subscription, BenchPlan.PULL_MAX_MESSAGES, BenchPlan.PULL_WAIT_MS)
                .toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonArray ackIds = new JsonArray();
        for (Object message : pulled.getJsonArray("messages")) {
            ackIds.add(((JsonObject) message).getString("ackId"));
        }
        if (ackIds.isEmpty()) {
            return 0;
        }
        JsonObject answer = http.ack(subscription, ackIds).toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return answer.getJsonArray("acked").size();
    }
}
