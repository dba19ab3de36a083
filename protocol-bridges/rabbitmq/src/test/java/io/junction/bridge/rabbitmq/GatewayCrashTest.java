package io.junction.bridge.rabbitmq;

import static io.junction.bridge.rabbitmq.Broker.await;
import static io.junction.bridge.rabbitmq.Broker.message;
import static io.junction.bridge.rabbitmq.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** The DELIVERY_COUNT capability: a gateway killed with an unsettled delivery does not reset its attempt. */
class GatewayCrashTest {
    @Test
    void theAttemptCountsADeliveryToAGatewayThatWasKilled() throws Exception {
        Backend backend = new RabbitMqBackendFactory().create("survivor", SharedBroker.settings());
        try {
            await(backend.start());
            SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
            await(backend.ensureTopic(new TopicSpec(sub.topic())));
            await(backend.ensureSubscription(sub));
            Message sent = message("k", "work");
            await(backend.publish(sub.topic(), sent));

            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(),
                    SharedBroker.broker().amqpUri(), sub.name(), sub.topic())
                    .redirectErrorStream(true)
                    .start();
            try {
                String received = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> receivedId(gateway));
                assertEquals(sent.id(), received);
            } finally {
                gateway.destroyForcibly(); // SIGKILL: its connection drops without a goodbye
                gateway.waitFor(30, TimeUnit.SECONDS);
            }

            Broker.Sink sink = new Broker.Sink();
            backend.subscribe(sub, new SubscribeOptions(4), sink);
            Delivery again = sink.next();
            assertEquals(sent.id(), again.message().id());
            assertEquals(2, again.attempt());
            await(again.ack());
        } finally {
            await(backend.close());
        }
    }

    private static String receivedId(Process gateway) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(GatewayProcess.RECEIVED)) {
                return line.substring(GatewayProcess.RECEIVED.length());
            }
        }
        throw new IllegalStateException("the gateway process ended without receiving");
    }

    /** A gateway that receives one delivery, reports it and never settles it. */
    public static final class GatewayProcess {
        static final String RECEIVED = "JUNCTION_TEST_RECEIVED=";

        public static void main(String[] args) throws Exception {
            Backend backend = new RabbitMqBackendFactory().create("doomed", Map.of("uri", args[0]));
            backend.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            backend.subscribe(new SubscriptionSpec(args[1], args[2]), new SubscribeOptions(1), delivery -> {
                System.out.println(RECEIVED + delivery.message().id());
                System.out.flush();
            });
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }
}
