package io.junction.dev;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of the gateway (here the whole dev stack, broker included) while 10,000 keyed
 * messages are published and consumed, then a restart on the same data dir: every 201-answered message
 * is delivered, each key's messages arrive in publish order, and only messages whose ack was not
 * confirmed are delivered twice.
 */
class GatewayCrashKeyOrderTest {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 2_500;
    private static final int KEYS_PER_PUBLISHER = 25;
    private static final int CONSUMERS = 2;
    private static final int CONFIRMED_BEFORE_KILL = 3_000;
    private static final long PHASE_LIMIT_MS = 120_000;

    @TempDir
    Path dataDir;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray nextSequence = new AtomicIntegerArray(PUBLISHERS);
    /** Per key, the sequence numbers in the order they were delivered, duplicates included. */
    private final Map<String, List<Integer>> deliveredPerKey = new HashMap<>();
    private final Set<String> ackConfirmed = new HashSet<>();
    private final List<String> duplicatesOfAcked = new ArrayList<>();

    @Test
    void keyOrderAndConfirmedMessagesSurviveKillNine() throws Exception {
        try (DevStackProcess first = DevStackProcess.start(dataDir)) {
            Http http = new Http(first.url());
            http.put("/v1/topics/orders", null);
            http.put("/v1/subscriptions/orders-sub", "{\"topic\":\"orders\",\"ackDeadlineMs\":5000}");
            runUntil(http, () -> confirmed.size() >= CONFIRMED_BEFORE_KILL);
            first.kill9();
        }
        int confirmedBeforeKill = confirmed.size();
        try (DevStackProcess second = DevStackProcess.start(dataDir)) {
            Http http = new Http(second.url());
            runUntil(http, () -> allPublished() && deliveredIds().containsAll(confirmed));
            System.out.printf("gateway crash test: %d confirmed before the kill, %d in all, %d delivered once or more%n",
                    confirmedBeforeKill, confirmed.size(), deliveredIds().size());
            second.terminate();
        }
        assertTrue(confirmedBeforeKill >= CONFIRMED_BEFORE_KILL, "publishing had gone on before the kill");
        assertEquals(PUBLISHERS * PER_PUBLISHER, confirmed.size(), "every message was eventually confirmed");
        Set<String> lost = new HashSet<>(confirmed);
        lost.removeAll(deliveredIds());
        assertEquals(Set.of(), lost, "confirmed messages that were never delivered");
        synchronized (this) {
            deliveredPerKey.forEach((key, seqs) -> {
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i) >= seqs.get(i - 1), "key " + key + " out of order: " + seqs);
                }
            });
            assertEquals(List.of(), duplicatesOfAcked, "messages delivered again after their ack was confirmed");
        }
    }

    /** Publishers and consumers run until {@code done} holds, the gateway dies, or the phase limit passes. */
    private void runUntil(Http http, java.util.function.BooleanSupplier done) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + CONSUMERS);
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            pool.submit(() -> publish(http, publisher, stop));
        }
        for (int c = 0; c < CONSUMERS; c++) {
            pool.submit(() -> consume(http, stop));
        }
        long until = System.currentTimeMillis() + PHASE_LIMIT_MS;
        while (!done.getAsBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(20); // polls counters the worker threads own; bounded by PHASE_LIMIT_MS
        }
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "workers stopped");
    }

    private void publish(Http http, int publisher, AtomicBoolean stop) {
        while (!stop.get() && nextSequence.get(publisher) < PER_PUBLISHER) {
            int seq = nextSequence.get(publisher);
            String key = "key-" + publisher + "-" + (seq % KEYS_PER_PUBLISHER);
            String id = key + "-" + seq;
            try {
                HttpResponse<String> r = http.send("POST", "/v1/topics/orders/messages", "text/plain", Integer.toString(seq),
                        "Idempotency-Key", id, "Message-Key", key);
                if (r.statusCode() / 100 != 2) {
                    return; // the gateway is going down; the same id is published again after the restart
                }
                confirmed.add(id);
                nextSequence.set(publisher, seq + 1);
            } catch (Exception e) {
                return;
            }
        }
    }

    private void consume(Http http, AtomicBoolean stop) {
        while (!stop.get()) {
            try {
                JsonNode pulled = http.postJson("/v1/subscriptions/orders-sub/pull", Map.of("maxMessages", 50, "waitMs", 500));
                Map<String, String> idOfAckId = new HashMap<>();
                synchronized (this) {
                    for (JsonNode m : pulled.get("messages")) {
                        String id = m.get("id").asText();
                        if (ackConfirmed.contains(id)) {
                            duplicatesOfAcked.add(id);
                        }
                        deliveredPerKey.computeIfAbsent(m.get("key").asText(), k -> new ArrayList<>())
                                .add(Integer.parseInt(m.get("data").asText()));
                        idOfAckId.put(m.get("ackId").asText(), id);
                    }
                }
                if (idOfAckId.isEmpty()) {
                    continue;
                }
                JsonNode acked = http.postJson("/v1/subscriptions/orders-sub/ack", Map.of("ackIds", List.copyOf(idOfAckId.keySet())));
                synchronized (this) {
                    acked.get("acked").forEach(a -> ackConfirmed.add(idOfAckId.get(a.asText())));
                }
            } catch (Exception e) {
                return; // the gateway died
            }
        }
    }

    private boolean allPublished() {
        for (int p = 0; p < PUBLISHERS; p++) {
            if (nextSequence.get(p) < PER_PUBLISHER) {
                return false;
            }
        }
        return true;
    }

    private synchronized Set<String> deliveredIds() {
        Set<String> ids = new HashSet<>();
        deliveredPerKey.forEach((key, seqs) -> seqs.forEach(s -> ids.add(key + "-" + s)));
        return ids;
    }
}
