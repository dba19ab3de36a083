package io.junction.bridge.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.junction.embedded.EmbeddedRabbitMq;
import io.junction.spi.BackendException;
import io.junction.spi.Delivery;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/** Helpers shared by the tests of this module. */
final class Broker {
    static final long WAIT_SECONDS = 20;

    private Broker() {
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

    /** A plain amqp-client connection to {@code broker}, as any native application would open. */
    static Connection nativeConnection(EmbeddedRabbitMq broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.amqpUri());
        return factory.newConnection("native-test-client");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Message message(String key, String body) {
        return new Message(UUID.randomUUID().toString(), key, Map.of(), null, body.getBytes(StandardCharsets.UTF_8),
                Instant.now());
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

        /** The next delivery, waiting for it at most {@link #WAIT_SECONDS}. */
        Delivery next() {
            return waiting().until(received::poll, Objects::nonNull);
        }

        /** Asserts that nothing arrives for {@code quiet}. */
        void staysEmpty(Duration quiet) {
            waiting().during(quiet).atMost(quiet.plusSeconds(WAIT_SECONDS)).until(received::isEmpty);
        }

        List<String> bodies() {
            return received.stream().map(Broker::body).toList();
        }
    }
}
