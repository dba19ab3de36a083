package io.junction.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kafka-clients, configured for durability as the gateway's bridge is: an idempotent producer with
 * {@code acks=all}, one record per message to the topic of the same name, complete on the broker's
 * acknowledgement; otherwise the producer's defaults. No key: a plain native publish.
 */
final class KafkaNativeClient implements NativeClient {
    private static final Pattern BOOTSTRAP = Pattern.compile("Kafka\\s+(\\S+)");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaNativeClient(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** @param brokerDescription the dev stack's broker line, starting {@code Kafka <bootstrap servers>} */
    static KafkaNativeClient connect(String brokerDescription) {
        Matcher bootstrap = BOOTSTRAP.matcher(brokerDescription);
        if (!bootstrap.find()) {
            throw new IllegalArgumentException("no bootstrap servers in the broker description: " + brokerDescription);
        }
        return new KafkaNativeClient(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.group(1),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, payload), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
