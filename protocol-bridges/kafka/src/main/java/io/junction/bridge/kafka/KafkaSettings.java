package io.junction.bridge.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.junction.bridge.support.SettingsReader;

/**
 * The validated settings of one Kafka backend, from the {@code settings} map of its configuration.
 *
 * @param bootstrapServers   {@code bootstrap.servers} for every client (default {@code 127.0.0.1:9092})
 * @param partitions         partitions of a topic the backend creates (default 8)
 * @param replicationFactor  replication factor of a topic the backend creates; -1 = the broker's
 *                           {@code default.replication.factor} (default)
 * @param topicConfig        topic-level configs for topics the backend creates, e.g. {@code retention.ms}
 * @param groupIdPrefix      prefix of the consumer group id of every subscription (default none: the group
 *                           is named as the subscription)
 * @param callTimeoutMs      bound on admin calls, on a publish's wait for its turn and for a send blocked on
 *                           metadata, and on synchronous offset commits; an ack whose commit has not succeeded
 *                           by then fails (default 10000)
 * @param deliveryTimeoutMs  bound on a publish's confirmation, the producer's {@code delivery.timeout.ms}
 *                           (default 30000)
 * @param maxPendingPublishes messages accepted but not yet confirmed; more are refused as OVERLOADED (default 10000)
 * @param topicCacheMs       how long a topic seen to exist is trusted before publishing checks again (default 1000)
 * @param pollTimeoutMs      longest a subscriber's consumer waits in {@code poll} before it looks at its
 *                           acks, pauses and nack timers again (default 100)
 * @param sessionTimeoutMs   the consumer group session timeout: how soon the group gives the partitions of a
 *                           killed gateway to the others (default 10000)
 * @param revokeGraceMs      on a rebalance, how long a subscriber waits for the deliveries of partitions it
 *                           loses to be settled before it commits and lets them go (default 5000)
 * @param ackMetadataBytes   room in the commit metadata for acks above the committed offset (default 4000;
 *                           0 = none: acks above an unsettled message are redelivered after a rebalance)
 * @param clientProperties   passed to producer, consumers and admin client (security, client.dns.lookup...)
 * @param producerProperties passed to the producer only
 * @param consumerProperties passed to the consumers only
 */
record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, Map<String, String> topicConfig,
                     String groupIdPrefix, long callTimeoutMs, long deliveryTimeoutMs, int maxPendingPublishes,
                     long topicCacheMs, long pollTimeoutMs, long sessionTimeoutMs, long revokeGraceMs,
                     int ackMetadataBytes, Map<String, String> clientProperties, Map<String, String> producerProperties,
                     Map<String, String> consumerProperties) {

    private static final Set<String> KNOWN = Set.of("bootstrapServers", "partitions", "replicationFactor", "topicConfig",
            "groupIdPrefix", "callTimeoutMs", "deliveryTimeoutMs", "maxPendingPublishes", "topicCacheMs", "pollTimeoutMs",
            "sessionTimeoutMs", "revokeGraceMs", "ackMetadataBytes", "clientProperties", "producerProperties",
            "consumerProperties");

    /** Client properties the bridge sets itself because its guarantees rest on them. */
    private static final Set<String> OWN_CLIENT_PROPERTIES = Set.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer");
    private static final Set<String> OWN_PRODUCER_PROPERTIES = Set.of("acks", "enable.idempotence",
            "delivery.timeout.ms", "max.block.ms", "transactional.id");
    private static final Set<String> OWN_CONSUMER_PROPERTIES = Set.of("group.id", "group.instance.id",
            "enable.auto.commit", "auto.offset.reset", "max.poll.records", "isolation.level", "session.timeout.ms",
            "group.protocol");

    /** The consumer group of a subscription. */
    String groupId(String subscription) {
        return groupIdPrefix + subscription;
    }

    /** Parses and validates; throws IllegalArgumentException naming every bad setting at once. */
    static KafkaSettings parse(Map<String, Object> raw) {
        SettingsReader r = new SettingsReader(raw, KNOWN);
        KafkaSettings parsed = new KafkaSettings(
                r.string("bootstrapServers", "127.0.0.1:9092"),
                (int) r.number("partitions", 8, 1, 100_000),
                (short) r.number("replicationFactor", -1, -1, Short.MAX_VALUE),
                properties(r, "topicConfig", Set.of()),
                r.anyString("groupIdPrefix", ""),
                r.number("callTimeoutMs", 10_000, 1_000, Integer.MAX_VALUE),
                r.number("deliveryTimeoutMs", 30_000, 2_000, Integer.MAX_VALUE),
                (int) r.number("maxPendingPublishes", 10_000, 1, Integer.MAX_VALUE),
                r.number("topicCacheMs", 1_000, 0, Integer.MAX_VALUE),
                r.number("pollTimeoutMs", 100, 1, 10_000),
                r.number("sessionTimeoutMs", 10_000, 1_000, Integer.MAX_VALUE),
                r.number("revokeGraceMs", 5_000, 0, 600_000),
                (int) r.number("ackMetadataBytes", 4_000, 0, 1_000_000),
                properties(r, "clientProperties", OWN_CLIENT_PROPERTIES),
                properties(r, "producerProperties", union(OWN_CLIENT_PROPERTIES, OWN_PRODUCER_PROPERTIES)),
                properties(r, "consumerProperties", union(OWN_CLIENT_PROPERTIES, OWN_CONSUMER_PROPERTIES)));
        if (parsed.replicationFactor == 0) {
            r.problem("replicationFactor: must be -1 (the broker's default) or at least 1");
        }
        r.throwIfInvalid("Kafka");
        return parsed;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public String toString() { // client properties may hold credentials (sasl.jaas.config): names only
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", topicConfig=" + topicConfig
                + ", groupIdPrefix=" + groupIdPrefix + ", callTimeoutMs=" + callTimeoutMs
                + ", deliveryTimeoutMs=" + deliveryTimeoutMs + ", maxPendingPublishes=" + maxPendingPublishes
                + ", topicCacheMs=" + topicCacheMs + ", pollTimeoutMs=" + pollTimeoutMs
                + ", sessionTimeoutMs=" + sessionTimeoutMs + ", revokeGraceMs=" + revokeGraceMs
                + ", ackMetadataBytes=" + ackMetadataBytes + ", clientProperties=" + clientProperties.keySet()
                + ", producerProperties=" + producerProperties.keySet()
                + ", consumerProperties=" + consumerProperties.keySet() + "]";
    }

    /** A map of Kafka properties; values are turned into strings, names the bridge owns are refused. */
    private static Map<String, String> properties(SettingsReader r, String key, Set<String> reserved) {
        Object v = r.value(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            r.problem(key + ": must be a map of Kafka properties (got '" + v + "')");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (reserved.contains(name)) {
                r.problem(key + "." + name + ": set by the bridge, cannot be overridden");
            } else if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
                r.problem(key + "." + name + ": must be a scalar value");
            } else {
                out.put(name, e.getValue().toString());
            }
        }
        return Map.copyOf(out);
    }
}
