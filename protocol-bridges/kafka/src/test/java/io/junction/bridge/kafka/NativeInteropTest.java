package io.junction.bridge.kafka;

import static io.junction.bridge.kafka.Fixtures.await;
import static io.junction.bridge.kafka.Fixtures.topicWithSubscription;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/** What the backend writes is readable by Kafka's own clients (and kcat), and what they write comes through. */
class NativeInteropTest {
    static final byte[] PAYLOAD = {0, 1, 2, (byte) 0xff, '{', '}'};
    static final Instant PUBLISH_TIME = Instant.parse("2026-03-04T05:06:07.089123456Z");

    Backend backend;
    SubscriptionSpec sub;

    @BeforeEach
    void start() throws Exception {
        backend = Fixtures.backend("interop", Map.of());
        sub = topicWithSubscription(backend);
    }

    @AfterEach
    void stop() throws Exception {
        await(backend.close());
    }

    @Test
    void aPlainKafkaConsumerReadsKeyHeadersAndPayload() throws Exception {
        await(backend.publish(sub.topic(), sent()));

        ConsumerRecord<byte[], byte[]> r = readOne();
        assertEquals("customer-7", new String(r.key(), StandardCharsets.UTF_8));
        assertArrayEquals(PAYLOAD, r.value());
        assertEquals(PUBLISH_TIME.toEpochMilli(), r.timestamp());
        Map<String, String> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("junction_id", "id-42", "content-type", "application/json", "x-trace", "abc",
                "junction_h_content-type", "a user header named like a reserved one", "junction_publish_nanos", "123456"),
                headers);
    }

    @Test
    void kcatReadsKeyHeadersAndPayload() throws Exception {
        String kcat = onPath("kcat");
        assumeTrue(kcat != null, "kcat is not installed (./junction test installs it)");
        Message text = new Message("id-43", "customer-8", Map.of("x-trace", "def"), "text/plain",
                "hello kcat".getBytes(StandardCharsets.UTF_8), PUBLISH_TIME);
        await(backend.publish(sub.topic(), text));

        Process p = new ProcessBuilder(kcat, "-b", SharedKafka.bootstrapServers(), "-C", "-t", sub.topic(), "-o", "beginning",
                "-e", "-q", "-f", "%k|%s|%T|%h\\n").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kcat finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        String[] fields = out.split("\\|", 4);
        assertEquals("customer-8", fields[0], out);
        assertEquals("hello kcat", fields[1], out);
        assertEquals(Long.toString(PUBLISH_TIME.toEpochMilli()), fields[2], out);
        for (String header : List.of("junction_id=id-43", "content-type=text/plain", "x-trace=def")) {
            assertTrue(fields[3].contains(header), header + " in " + out);
        }
    }

    @Test
    void aRecordFromAPlainKafkaProducerComesThroughIntact() throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(sub.topic(), null, PUBLISH_TIME.toEpochMilli(),
                "group-1".getBytes(StandardCharsets.UTF_8), "héllo".getBytes(StandardCharsets.UTF_8), List.of(
                new RecordHeader("traceId", "t-1".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("content-type", "text/plain; charset=utf-8".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("binary", new byte[] {(byte) 0xc3, (byte) 0x28})));
        int partition;
        long offset;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                SharedKafka.bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            var metadata = producer.send(record).get(30, TimeUnit.SECONDS);
            partition = metadata.partition();
            offset = metadata.offset();
        }

        Fixtures.Sink sink = new Fixtures.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        Message m = d.message();
        assertEquals("kafka-" + partition + "-" + offset, m.id());
        assertEquals("group-1", m.key());
        assertEquals("héllo", new String(m.payload(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", m.contentType());
        assertEquals(Map.of("traceid", "t-1"), m.headers(), "names lower-cased; a value that is not UTF-8 is left out");
        assertEquals(Instant.ofEpochMilli(PUBLISH_TIME.toEpochMilli()), m.publishTime());
        assertEquals(Integer.toString(partition), d.lane());
        assertEquals(1, d.attempt());
        await(d.ack());
        await(subscriber.close());
    }

    @Test
    void whatTheBackendWritesComesBackAsItWasSent() throws Exception {
        Message sent = sent();
        await(backend.publish(sub.topic(), sent));
        Fixtures.Sink sink = new Fixtures.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        assertEquals(sent, d.message(), "id, key, headers (escaped ones too), content type, payload, publish time to the nanosecond");
        await(d.ack());
        await(subscriber.close());
    }

    private static Message sent() {
        return new Message("id-42", "customer-7", Map.of("x-trace", "abc", "content-type",
                "a user header named like a reserved one"), "application/json", PAYLOAD, PUBLISH_TIME);
    }

    /** Reads the topic from its start with a plain consumer that joins no group. */
    private ConsumerRecord<byte[], byte[]> readOne() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                SharedKafka.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(sub.topic())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(Fixtures.WAIT_SECONDS).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    return r;
                }
            }
            throw new AssertionError("the plain consumer read nothing");
        }
    }

    private static String onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
