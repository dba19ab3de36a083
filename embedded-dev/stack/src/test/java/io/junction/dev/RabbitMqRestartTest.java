package io.junction.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.embedded.EmbeddedRabbitMq;
import io.junction.server.GatewayServer;
import io.junction.server.config.ConfigLoader;
import io.junction.server.config.GatewayConfig;
import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rabbitmq-server restarts under a running gateway while a client keeps publishing over HTTP: every publish
 * is answered 201 or 503 with {@code Retry-After}, every 201-answered message is delivered afterwards, and
 * the gateway reconnects by itself (no restart, no call to make).
 */
class RabbitMqRestartTest {
    private static final long PHASE_LIMIT_MS = 90_000;

    @TempDir
    Path dataDir;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
    private final Set<String> delivered = new HashSet<>();

    @Test
    void publishesAreConfirmedOrAnswered503WithRetryAfterAndNoConfirmedMessageIsLost() throws Exception {
        EmbeddedRabbitMq broker = EmbeddedRabbitMq.start(dataDir.resolve("broker"), "127.0.0.1", 0, 0);
        Vertx vertx = Vertx.vertx();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = null;
        GatewayServer server = null;
        try {
            Map<String, Object> settings = new HashMap<>(broker.backendSettings());
            settings.put("callTimeoutMs", 2000);
            settings.put("retryIntervalMs", 200);
            GatewayConfig config = ConfigLoader.withDiscoveredBackends().load(null, Map.of())
                    .withDataDir(dataDir.resolve("gateway")).withPort(0);
            Backend backend = factory("rabbitmq").create(config.defaultBackend(), settings);
            server = GatewayServer.start(vertx, config, Map.of(config.defaultBackend(), backend))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Http http = new Http(server.url());
            http.put("/v1/topics/restart", null);
            http.put("/v1/subscriptions/restart-sub", "{\"topic\":\"restart\"}");

            publisher = new Thread(() -> publishUntilStopped(http, publishing), "restart-publisher");
            publisher.start();
            waitFor("50 confirmed publishes", () -> confirmed.size() >= 50);
            pullAndAck(http); // the gateway consumes too while the broker goes away

            broker.close(); // SIGTERM: the broker closes every connection and stops
            waitFor("a publish answered 503", () -> statuses.containsKey(503));
            broker = EmbeddedRabbitMq.start(dataDir.resolve("broker"), "127.0.0.1", broker.port(), broker.managementPort());
            int confirmedBefore = confirmed.size();
            waitFor("50 more confirmed publishes after the restart", () -> confirmed.size() >= confirmedBefore + 50);
            publishing.set(false);
            publisher.join(60_000);

            assertEquals(Set.of(201, 503), statuses.keySet(), "only 201 and 503 answers: " + statuses);
            assertEquals(0, unavailableWithoutRetryAfter.get(), "every 503 carries Retry-After");
            pullUntilDelivered(http);
            Set<String> lost = new HashSet<>(confirmed);
            lost.removeAll(delivered);
            assertEquals(Set.of(), lost, "201-answered messages lost across the restart (" + confirmed.size() + " confirmed)");
            assertEquals(200, http.send("GET", "/health/ready", null, null).statusCode(), "ready again");
        } finally {
            publishing.set(false);
            if (publisher != null) {
                publisher.join(60_000);
            }
            if (server != null) {
                server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            broker.close();
        }
    }

    /** One request at a time, as a client waiting for each answer; a 503 is retried later with a new id. */
    private void publishUntilStopped(Http http, AtomicBoolean publishing) {
        for (int i = 0; publishing.get(); i++) {
            String id = "m-" + i;
            try {
                HttpResponse<String> r = http.send("POST", "/v1/topics/restart/messages", "text/plain", "message " + id,
                        "Idempotency-Key", id, "Message-Key", "key-" + (i % 8));
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 201) {
                    confirmed.add(id);
                } else if (r.statusCode() == 503) {
                    if (r.headers().firstValue("Retry-After").isEmpty()) {
                        unavailableWithoutRetryAfter.incrementAndGet();
                    }
                    Thread.sleep(50); // a client backing off (far less than Retry-After, to keep the test short)
                }
            } catch (Exception e) {
                statuses.merge(-1, 1, Integer::sum); // no answer at all: a failure of this test
            }
        }
    }

    private void pullUntilDelivered(Http http) throws Exception {
        long until = System.currentTimeMillis() + PHASE_LIMIT_MS;
        while (!delivered.containsAll(confirmed) && System.currentTimeMillis() < until) {
            pullAndAck(http);
        }
    }

    private void pullAndAck(Http http) throws Exception {
        JsonNode pulled = http.postJson("/v1/subscriptions/restart-sub/pull", Map.of("maxMessages", 500, "waitMs", 1000));
        List<String> ackIds = new ArrayList<>();
        for (JsonNode m : pulled.get("messages")) {
            delivered.add(m.get("id").asText());
            ackIds.add(m.get("ackId").asText());
        }
        if (!ackIds.isEmpty()) {
            http.postJson("/v1/subscriptions/restart-sub/ack", Map.of("ackIds", ackIds));
        }
    }

    private static BackendFactory factory(String type) {
        return ServiceLoader.load(BackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no backend factory of type " + type + " on the class path"));
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + PHASE_LIMIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20); // polling counters owned by the publisher thread, bounded by PHASE_LIMIT_MS
        }
    }
}
