package io.junction.bridge.kafka;

import static io.junction.bridge.kafka.Fixtures.await;
import static io.junction.bridge.kafka.Fixtures.body;
import static io.junction.bridge.kafka.Fixtures.failureKind;
import static io.junction.bridge.kafka.Fixtures.message;
import static io.junction.bridge.kafka.Fixtures.topicWithSubscription;
import static io.junction.bridge.kafka.Fixtures.waiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * Several gateways on one subscription share its partitions; when a partition moves (a gateway joins, or one
 * is killed) its new owner gets exactly what was not acked: nothing is lost and acked work is not redone, also
 * when unacked messages sit below acked ones (the commit metadata carries those acks).
 */
class SharedSubscriptionTest {
    static final Map<String, Object> GATEWAY = Map.of("partitions", 4, "revokeGraceMs", 300);
    static final SubscribeOptions PREFETCH = new SubscribeOptions(500);

    @Test
    void aGatewayThatJoinsTakesOverPartitionsWithOnlyTheirUnackedMessages() throws Exception {
        Backend a = Fixtures.backend("gateway-a", GATEWAY);
        Backend b = Fixtures.backend("gateway-b", GATEWAY);
        try {
            SubscriptionSpec sub = topicWithSubscription(a);
            List<Message> batch = IntStream.range(0, 200).mapToObj(i -> message("key-" + (i % 20), "m" + i)).toList();
            await(a.publishBatch(sub.topic(), batch));

            Fixtures.Sink sinkA = new Fixtures.Sink();
            Subscriber subA = a.subscribe(sub, PREFETCH, sinkA);
            List<Delivery> heldByA = new ArrayList<>();
            Set<String> acked = new HashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                Delivery d = sinkA.next();
                if (Integer.parseInt(body(d).substring(1)) % 7 == 0) {
                    heldByA.add(d); // every seventh message stays unacked: gaps below acked ones, in every partition
                } else {
                    await(d.ack());
                    acked.add(body(d));
                }
            }

            Fixtures.Sink sinkB = new Fixtures.Sink();
            Subscriber subB = b.subscribe(sub, PREFETCH, sinkB);
            // B gets the partitions A gives up: of those, exactly the messages A had not acked
            waiting().until(() -> !sinkB.received.isEmpty());
            Set<String> lanesOfB = new HashSet<>();
            List<String> toB = new ArrayList<>();
            for (Delivery d : drainQuietly(sinkB)) {
                lanesOfB.add(d.lane());
                toB.add(body(d));
                await(d.ack());
            }
            Set<String> expected = heldByA.stream().filter(d -> lanesOfB.contains(d.lane())).map(Fixtures::body)
                    .collect(Collectors.toSet());
            assertFalse(expected.isEmpty(), "B took over at least one partition with an unacked message");
            assertEquals(expected, new HashSet<>(toB), "B got the unacked messages of its partitions, nothing acked");
            assertEquals(toB.size(), new HashSet<>(toB).size(), "each once");

            for (Delivery d : heldByA) {
                if (lanesOfB.contains(d.lane())) {
                    assertEquals(ErrorKind.RETRIABLE, failureKind(d.ack()), "A no longer owns " + body(d));
                } else {
                    await(d.ack());
                }
            }

            // new messages go to one gateway or the other, once
            List<Message> more = IntStream.range(0, 40).mapToObj(i -> message("key-" + i, "n" + i)).toList();
            await(a.publishBatch(sub.topic(), more));
            Set<String> late = new HashSet<>();
            waiting().until(() -> {
                for (Fixtures.Sink s : List.of(sinkA, sinkB)) {
                    for (Delivery d = s.received.poll(); d != null; d = s.received.poll()) {
                        assertTrue(late.add(body(d)), "delivered twice: " + body(d));
                        await(d.ack());
                    }
                }
                return late.size() == more.size();
            });
            await(subA.close());
            await(subB.close());
        } finally {
            await(a.close());
            await(b.close());
        }
    }

    @Test
    void afterAGatewayIsKilledTheNextOneGetsWhatItHadNotAckedAndNothingItHad() throws Exception {
        Backend survivor = Fixtures.backend("survivor", GATEWAY);
        try {
            SubscriptionSpec sub = topicWithSubscription(survivor);
            List<Message> batch = IntStream.range(0, 60).mapToObj(i -> message("key-" + (i % 12), "m" + i)).toList();
            await(survivor.publishBatch(sub.topic(), batch));

            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(),
                    SharedKafka.bootstrapServers(), sub.name(), sub.topic(), Integer.toString(batch.size()))
                    .redirectErrorStream(true)
                    .start();
            Set<String> acked = new HashSet<>();
            Set<String> held = new HashSet<>();
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readReport(gateway, acked, held));
            } finally {
                gateway.destroyForcibly(); // SIGKILL: no commit, no leaving the group
                gateway.waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(batch.size(), acked.size() + held.size());

            Fixtures.Sink sink = new Fixtures.Sink();
            Subscriber s = survivor.subscribe(sub, PREFETCH, sink);
            List<String> redelivered = sink.ackNext(held.size());
            assertEquals(held, new HashSet<>(redelivered), "exactly the unacked messages came back");
            sink.staysEmpty(Duration.ofMillis(500));
            await(s.close());
        } finally {
            await(survivor.close());
        }
    }

    private static List<Delivery> drainQuietly(Fixtures.Sink sink) {
        List<Delivery> all = new ArrayList<>();
        waiting().during(Duration.ofMillis(500)).until(() -> {
            sink.received.drainTo(all);
            return true;
        });
        sink.received.drainTo(all);
        return all;
    }

    private static void readReport(Process gateway, Set<String> acked, Set<String> held) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(GatewayProcess.ACKED)) {
                acked.add(line.substring(GatewayProcess.ACKED.length()));
            } else if (line.startsWith(GatewayProcess.HELD)) {
                held.add(line.substring(GatewayProcess.HELD.length()));
            } else if (line.equals(GatewayProcess.DONE)) {
                return;
            }
        }
        throw new IllegalStateException("the gateway process ended before it reported");
    }

    /** A gateway that receives every message, acks two of three (reporting each once its ack completed) and waits to be killed. */
    public static final class GatewayProcess {
        static final String ACKED = "JUNCTION_TEST_ACKED=";
        static final String HELD = "JUNCTION_TEST_HELD=";
        static final String DONE = "JUNCTION_TEST_DONE";

        public static void main(String[] args) throws Exception {
            Backend backend = new KafkaBackendFactory().create("doomed", Map.of("bootstrapServers", args[0],
                    "sessionTimeoutMs", SharedKafka.SESSION_TIMEOUT_MS));
            backend.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Fixtures.Sink sink = new Fixtures.Sink();
            backend.subscribe(new SubscriptionSpec(args[1], args[2]), PREFETCH, sink);
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                Delivery d = sink.next();
                if (i % 3 == 0) {
                    System.out.println(HELD + body(d));
                } else {
                    d.ack().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    System.out.println(ACKED + body(d));
                }
            }
            System.out.println(DONE);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }
}
