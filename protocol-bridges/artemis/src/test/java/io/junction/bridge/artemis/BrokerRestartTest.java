package io.junction.bridge.artemis;

import static io.junction.bridge.artemis.Broker.await;
import static io.junction.bridge.artemis.Broker.body;
import static io.junction.bridge.artemis.Broker.failureKind;
import static io.junction.bridge.artemis.Broker.message;
import static io.junction.bridge.artemis.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.embedded.EmbeddedArtemis;
import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** The backend rides over a broker restart: failures meanwhile are RETRIABLE, then everything works again. */
class BrokerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void publishingAndConsumingResumeAfterTheBrokerComesBack() throws Exception {
        EmbeddedArtemis broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
        int port = broker.port();
        Backend backend = new ArtemisBackendFactory().create("restart", Map.of("url", broker.coreUrl(),
                "callTimeoutMs", 2000, "retryIntervalMs", 100));
        try {
            await(backend.start());
            SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
            await(backend.ensureTopic(new TopicSpec(sub.topic())));
            await(backend.ensureSubscription(sub));
            Broker.Sink sink = new Broker.Sink();
            Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
            await(backend.publish(sub.topic(), message("k", "before")));
            Delivery unsettled = sink.next();
            assertEquals("before", body(unsettled));

            broker.close();
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.publish(sub.topic(), message("k", "during"))));
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.checkHealth()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(unsettled.ack()));

            broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", port);
            Broker.waiting().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> await(backend.checkHealth()) == null);
            await(backend.publish(sub.topic(), message("k", "after")));

            // the unsettled message is redelivered (its delivery count kept: the consumer failed), then the new one
            Delivery redelivered = sink.next();
            assertEquals("before", body(redelivered));
            assertEquals(2, redelivered.attempt());
            await(redelivered.ack());
            Delivery after = sink.next();
            assertEquals("after", body(after));
            await(after.ack());
            await(subscriber.close());
        } finally {
            await(backend.close());
            broker.close();
        }
    }
}
