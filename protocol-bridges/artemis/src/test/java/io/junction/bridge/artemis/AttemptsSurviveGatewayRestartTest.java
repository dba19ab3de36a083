package io.junction.bridge.artemis;

import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;
import io.junction.core.CoreMetrics;
import io.junction.core.JunctionCore;
import io.junction.core.ReceivedMessage;
import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.FileCatalogStore;
import io.junction.spi.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.junction.tck.Stages.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message the gateway retried (its retries are held in the gateway, not at the broker) keeps its
 * attempt count when the gateway restarts: the count comes back from the gateway's state store.
 */
class AttemptsSurviveGatewayRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void theNextAttemptAfterARestartCountsTheRetriesBeforeIt() {
        String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String sub = topic + "-s";
        DeliveryPolicy policy = new DeliveryPolicy(DeliveryPolicy.Ordering.KEY, new DeliveryPolicy.RetryPolicy(10,
                Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 0.0), DeliveryPolicy.DeadLetterPolicy.defaults(), 100);

        Vertx vertx = Vertx.vertx();
        try {
            JunctionCore first = startCore(vertx);
            await(first.putTopic(topic).toCompletionStage());
            await(first.putSubscription(sub, topic, Duration.ofSeconds(30), policy).toCompletionStage());
            await(first.publish(topic, new Message("m-1", "k", Map.of(), "text/plain",
                    "x".getBytes(StandardCharsets.UTF_8), Instant.now())).toCompletionStage());
            for (int attempt = 1; attempt <= 2; attempt++) {
                ReceivedMessage m = pullOne(first, sub);
                assertEquals(attempt, m.attempt());
                await(first.nack(sub, List.of(m.ackId()), null, "failure " + attempt).toCompletionStage());
            }
            await(first.close().toCompletionStage());

            JunctionCore second = startCore(vertx);
            ReceivedMessage again = pullOne(second, sub);
            assertEquals("m-1", again.message().id());
            assertEquals(3, again.attempt(), "two failures before the restart, so this is attempt 3");
            await(second.ack(sub, List.of(again.ackId())).toCompletionStage());
            await(second.close().toCompletionStage());
        } finally {
            await(vertx.close().toCompletionStage());
        }
    }

    private JunctionCore startCore(Vertx vertx) {
        var backend = new ArtemisBackendFactory().create("restart", Map.of("url", SharedBroker.url()));
        Future<JunctionCore> started = JunctionCore.start(vertx, CoreConfig.defaults(dataDir),
                new BackendRouter(Map.of("b", backend), List.of(), "b"), new FileCatalogStore(dataDir),
                new CoreMetrics(new SimpleMeterRegistry()));
        return await(started.toCompletionStage());
    }

    private static ReceivedMessage pullOne(JunctionCore core, String sub) {
        for (int round = 0; round < 20; round++) {
            List<ReceivedMessage> got = await(core.pull(sub, 1, Duration.ofSeconds(2)).toCompletionStage());
            if (!got.isEmpty()) {
                return got.get(0);
            }
        }
        throw new AssertionError("nothing to pull from " + sub);
    }
}
