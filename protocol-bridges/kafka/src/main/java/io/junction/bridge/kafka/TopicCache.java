package io.junction.bridge.kafka;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;

import io.junction.bridge.support.ExistenceCache;
import io.junction.spi.ErrorKind;

/**
 * Which topics are known to exist, each trusted for {@code topicCacheMs}. Publishing checks here first: a
 * Kafka producer asked to send to a missing topic waits for its metadata until {@code max.block.ms} and then
 * fails with a timeout, and a broker with auto-creation on would create the topic instead. Thread-safe.
 */
final class TopicCache {
    private final Admin admin;
    private final KafkaSettings settings;
    private final ExistenceCache known;

    TopicCache(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
        this.known = new ExistenceCache(settings.topicCacheMs());
    }

    /** Returns when the topic exists. Blocks up to the call timeout on a cache miss: publisher thread only. */
    void require(String topic) throws Exception {
        if (known.isKnown(topic)) {
            return;
        }
        try {
            admin.describeTopics(Set.of(topic)).allTopicNames().get(settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (Errors.kindOf(Errors.unwrap(e)) == ErrorKind.NOT_FOUND) {
                forget(topic);
                throw Errors.of(ErrorKind.NOT_FOUND, "topic '" + topic + "' does not exist");
            }
            throw e;
        }
        seen(topic);
    }

    void seen(String topic) {
        known.remember(topic);
    }

    void forget(String topic) {
        known.forget(topic);
    }
}
