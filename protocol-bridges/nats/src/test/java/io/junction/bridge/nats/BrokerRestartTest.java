package io.junction.bridge.nats;

import static io.junction.bridge.nats.NatsTestSupport.await;
import static io.junction.bridge.nats.NatsTestSupport.body;
import static io.junction.bridge.nats.NatsTestSupport.failureKind;
import static io.junction.bridge.nats.NatsTestSupport.message;
import static io.junction.bridge.nats.NatsTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.embedded.EmbeddedNats;
import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** The backend rides over a nats-server restart: failures meanwhile are RETRIABLE, then everything works again. */
class BrokerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void publishingAndConsumingResumeAfterTheServerComesBack() throws Exception {
        EmbeddedNats server = EmbeddedNats.start(dataDir, "127.0.0.1", 0);
        int port = server.port();
        Backend backend = new NatsBackendFactory().create("restart", Map.of("url", server.clientUrl(),
                "callTimeoutMs", 2000, "retryIntervalMs", 100, "ackWaitMs", 2000));
        try {
            await(backend.start());
            SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
            await(backend.ensureTopic(new TopicSpec(sub.topic())));
            await(backend.ensureSubscription(sub));
            NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
            Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
            await(backend.publish(sub.topic(), message("k", "before")));
            Delivery unsettled = sink.next();
            assertEquals("before", body(unsettled));

            server.close();
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.publish(sub.topic(), message("k", "during"))));
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.checkHealth()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(unsettled.ack()));

            server = EmbeddedNats.start(dataDir, "127.0.0.1", port);
            NatsTestSupport.waiting().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> await(backend.checkHealth()) == null);
            await(backend.publish(sub.topic(), message("k", "after")));

            // the message whose ack failed comes back after the AckWait with its delivery counted. The client
            // buffers nothing while disconnected, so neither that ack nor "during" was sent late.
            Map<String, Integer> attempts = new HashMap<>();
            NatsTestSupport.waiting().atMost(Duration.ofSeconds(30)).until(() -> {
                Delivery d = sink.received.poll();
                if (d != null) {
                    attempts.put(body(d), d.attempt());
                    await(d.ack());
                }
                return attempts.containsKey("before") && attempts.containsKey("after");
            });
            sink.staysEmpty(Duration.ofMillis(500));
            assertEquals(Map.of("before", 2, "after", 1), attempts);
            await(subscriber.close());
        } finally {
            await(backend.close());
            server.close();
        }
    }
}
