package io.junction.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
    @TempDir
    Path dataDir;

    @Test
    void keepsTopicsAndAcknowledgedMessagesAcrossARestartAndCreatesNoTopicOnItsOwn() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, "127.0.0.1", 0)) {
            assertTrue(broker.port() > 0);
            assertEquals(Map.of("bootstrapServers", "127.0.0.1:" + broker.port()), broker.backendSettings());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
                ExecutionException missing = assertThrows(ExecutionException.class,
                        () -> admin.describeTopics(Set.of("typo")).allTopicNames().get(30, TimeUnit.SECONDS));
                assertEquals(UnknownTopicOrPartitionException.class, missing.getCause().getClass());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "k", "survivor")).get(30, TimeUnit.SECONDS);
            }
        }

        try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, "127.0.0.1", 0);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "reader",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                    assertEquals("k", r.key());
                }
            }
            assertEquals(List.of("survivor"), values);
        }
    }
}
