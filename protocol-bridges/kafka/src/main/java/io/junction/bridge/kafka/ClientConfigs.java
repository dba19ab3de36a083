package io.junction.bridge.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client configurations of one backend: the bridge's defaults, then the configured
 * {@code clientProperties} and per-client properties, then what the bridge's guarantees rest on (which the
 * settings cannot override, see {@link KafkaSettings}).
 */
final class ClientConfigs {
    /** Room for the gateway's largest payload (1 MiB by default) plus headers; the broker's limit still applies. */
    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private ClientConfigs() {
    }

    static Map<String, Object> admin(String backendName, KafkaSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "junction-" + backendName + "-admin");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) s.callTimeoutMs());
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) s.callTimeoutMs());
        c.putAll(s.clientProperties());
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        return c;
    }

    /**
     * Idempotent, {@code acks=all}: a send completes once every in-sync replica has the record, and the
     * producer's own retries of a batch neither duplicate nor reorder it.
     */
    static Map<String, Object> producer(String backendName, KafkaSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "junction-" + backendName + "-producer");
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, s.deliveryTimeoutMs() / 2));
        c.putAll(s.clientProperties());
        c.putAll(s.producerProperties());
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) s.deliveryTimeoutMs());
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, s.callTimeoutMs());
        return c;
    }

    /**
     * A member of the subscription's consumer group (classic protocol, cooperative rebalancing: only the
     * partitions that move are revoked) that commits by itself only, reads from the start of partitions the
     * group has no offset for (those created after the subscription), and skips aborted transactions.
     */
    static Map<String, Object> consumer(String backendName, KafkaSettings s, String subscription, int maxPollRecords,
                                        int instance) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "junction-" + backendName + "-" + subscription + "-" + instance);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3_000, s.sessionTimeoutMs() / 3));
        c.putAll(s.clientProperties());
        c.putAll(s.consumerProperties());
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId(subscription));
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.sessionTimeoutMs());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return c;
    }
}
