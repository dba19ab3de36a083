package io.junction.bridge.nats;

import static io.junction.bridge.nats.NatsTestSupport.await;
import static io.junction.bridge.nats.NatsTestSupport.body;
import static io.junction.bridge.nats.NatsTestSupport.message;
import static io.junction.bridge.nats.NatsTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/**
 * A gateway killed with unsettled deliveries: they come back with the next attempt (DELIVERY_COUNT), and
 * before the later messages of their key (ORDERED_PER_KEY), although JetStream hands out new messages at
 * once and redelivers the dead gateway's only after the AckWait.
 */
class GatewayCrashTest {
    private static final Map<String, Object> SETTINGS = Map.of("ackWaitMs", 2000);

    @Test
    void aKilledGatewaysDeliveriesComeBackWithTheNextAttemptAndBeforeTheRestOfTheirKey() throws Exception {
        Backend backend = backend();
        try {
            await(backend.start());
            SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
            await(backend.ensureTopic(new TopicSpec(sub.topic())));
            await(backend.ensureSubscription(sub));
            await(backend.publishBatch(sub.topic(), List.of(message("K", "K-1"), message("K", "K-2"), message("L", "L-1"))));

            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(),
                    SharedServer.url(), sub.name(), sub.topic())
                    .redirectErrorStream(true)
                    .start();
            try {
                Set<String> held = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> received(gateway, 3));
                assertEquals(Set.of("K-1", "K-2", "L-1"), held);
            } finally {
                gateway.destroyForcibly(); // SIGKILL: no nak, no unsubscribe
                gateway.waitFor(30, TimeUnit.SECONDS);
            }
            await(backend.publishBatch(sub.topic(), List.of(message("K", "K-3"), message("L", "L-2"))));

            NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
            backend.subscribe(sub, new SubscribeOptions(10), sink);
            for (String expected : List.of("K-1", "K-2", "L-1", "K-3", "L-2")) {
                Delivery d = sink.next();
                assertEquals(expected, body(d));
                assertEquals(expected.endsWith("-3") || expected.equals("L-2") ? 1 : 2, d.attempt(), expected);
                await(d.ack());
            }
        } finally {
            await(backend.close());
        }
    }

    private static Backend backend() {
        Map<String, Object> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("url", SharedServer.url());
        return new NatsBackendFactory().create("survivor", settings);
    }

    private static Set<String> received(Process gateway, int count) throws Exception {
        Set<String> bodies = new HashSet<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(GatewayProcess.RECEIVED)) {
                bodies.add(line.substring(GatewayProcess.RECEIVED.length()));
                if (bodies.size() == count) {
                    return bodies;
                }
            }
        }
        throw new IllegalStateException("the gateway process ended after receiving " + bodies);
    }

    /** A gateway that receives deliveries, reports them and never settles them. */
    public static final class GatewayProcess {
        static final String RECEIVED = "JUNCTION_TEST_RECEIVED=";

        public static void main(String[] args) throws Exception {
            Map<String, Object> settings = new java.util.HashMap<>(SETTINGS);
            settings.put("url", args[0]);
            Backend backend = new NatsBackendFactory().create("doomed", settings);
            backend.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            backend.subscribe(new SubscriptionSpec(args[1], args[2]), new SubscribeOptions(10), delivery -> {
                System.out.println(RECEIVED + body(delivery));
                System.out.flush();
            });
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }
}
