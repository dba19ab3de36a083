package io.junction.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.Delivery;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** Helpers shared by the tests of this module. */
final class Fixtures {
    static final long WAIT_SECONDS = 30;

    private Fixtures() {
    }

    /** Awaitility, looking often: a delivery is usually there within milliseconds. */
    static ConditionFactory waiting() {
        return Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static ErrorKind failureKind(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(BackendException.class, e.getCause().getClass(), "completes with a BackendException");
        return BackendException.kindOf(e);
    }

    static Backend backend(String name, Map<String, Object> extraSettings) throws Exception {
        Backend backend = new KafkaBackendFactory().create(name, SharedKafka.settings(extraSettings));
        await(backend.start());
        return backend;
    }

    /** A new topic with one subscription. */
    static SubscriptionSpec topicWithSubscription(Backend backend) throws Exception {
        SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
        return sub;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Message message(String key, String body) {
        return new Message(UUID.randomUUID().toString(), key, Map.of(), "text/plain",
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    static String body(Delivery d) {
        return new String(d.message().payload(), StandardCharsets.UTF_8);
    }

    /** Keeps what the backend hands over, for the test thread to look at. */
    static final class Sink implements DeliverySink {
        final LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

        @Override
        public void accept(Delivery delivery) {
            received.add(delivery);
        }

        Delivery next() throws InterruptedException {
            Delivery d = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (d == null) {
                throw new AssertionError("no delivery within " + WAIT_SECONDS + " s");
            }
            return d;
        }

        /** Takes {@code count} deliveries and acks each. */
        List<String> ackNext(int count) throws Exception {
            List<String> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                Delivery d = next();
                bodies.add(body(d));
                await(d.ack());
            }
            return bodies;
        }

        /** Nothing arrives for {@code quiet}. */
        void staysEmpty(Duration quiet) {
            waiting().during(quiet).atMost(quiet.plusSeconds(WAIT_SECONDS)).until(received::isEmpty);
        }
    }
}
