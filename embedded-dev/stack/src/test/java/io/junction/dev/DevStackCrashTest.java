package io.junction.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.embedded.EmbeddedBrokers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of the whole dev stack while four clients publish, then a restart on the same data
 * dir: every message that was answered 201 must be delivered, because the 201 came only after the
 * broker's durable acknowledgement.
 */
class DevStackCrashTest {
    private static final int PUBLISHERS = 4;
    private static final int MAX_PER_PUBLISHER = 5_000;
    private static final int CONFIRMED_BEFORE_KILL = 400;
    private static final long PHASE_LIMIT_MS = 90_000;

    @TempDir
    Path dataDir;

    /** Every embedded backend: a backend added to {@link EmbeddedBrokers} gets this test too. */
    static Set<String> backends() {
        return EmbeddedBrokers.names();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyConfirmedPublishSurvivesKillNineOfTheStack(String backend) throws Exception {
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        try (DevStackProcess first = DevStackProcess.start(dataDir, backend)) {
            Http http = new Http(first.url());
            http.put("/v1/topics/crash", null);
            http.put("/v1/subscriptions/crash-sub", "{\"topic\":\"crash\"}");

            ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                publishers.submit(() -> publish(http, publisher, confirmed));
            }
            long until = System.currentTimeMillis() + PHASE_LIMIT_MS;
            while (confirmed.size() < CONFIRMED_BEFORE_KILL && System.currentTimeMillis() < until) {
                Thread.sleep(20); // polling a counter owned by the publisher threads, bounded by PHASE_LIMIT_MS
            }
            first.kill9();
            publishers.shutdown();
            assertTrue(publishers.awaitTermination(60, TimeUnit.SECONDS), "publishers stopped after the kill");
        }
        assertTrue(confirmed.size() >= CONFIRMED_BEFORE_KILL, "enough publishes were confirmed before the kill: " + confirmed.size());

        try (DevStackProcess second = DevStackProcess.start(dataDir, backend)) {
            Http http = new Http(second.url());
            Set<String> delivered = new HashSet<>();
            long until = System.currentTimeMillis() + PHASE_LIMIT_MS;
            while (!delivered.containsAll(confirmed) && System.currentTimeMillis() < until) {
                JsonNode pulled = http.postJson("/v1/subscriptions/crash-sub/pull", Map.of("maxMessages", 500, "waitMs", 2000));
                List<String> ackIds = new ArrayList<>();
                for (JsonNode m : pulled.get("messages")) {
                    delivered.add(m.get("id").asText());
                    ackIds.add(m.get("ackId").asText());
                }
                if (!ackIds.isEmpty()) {
                    http.postJson("/v1/subscriptions/crash-sub/ack", Map.of("ackIds", ackIds));
                }
            }
            System.out.printf("kill -9 test: %d publishes confirmed before the kill, %d delivered after the restart%n",
                    confirmed.size(), delivered.size());
            Set<String> lost = new HashSet<>(confirmed);
            lost.removeAll(delivered);
            assertEquals(Set.of(), lost, "confirmed messages lost after kill -9 (" + confirmed.size() + " confirmed)");
            int exit = second.terminate();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops the stack cleanly, exit " + exit);
        }
    }

    /** Publishes keyed messages until the gateway stops answering; records the ids answered 201. */
    private static void publish(Http http, int publisher, Set<String> confirmed) {
        for (int i = 0; i < MAX_PER_PUBLISHER; i++) {
            String id = "p" + publisher + "-" + i;
            try {
                HttpResponse<String> r = http.send("POST", "/v1/topics/crash/messages", "text/plain", "message " + id,
                        "Idempotency-Key", id, "Message-Key", "key-" + (i % 16));
                if (r.statusCode() == 201) {
                    confirmed.add(id);
                }
            } catch (Exception e) {
                return; // the stack was killed
            }
        }
    }
}
