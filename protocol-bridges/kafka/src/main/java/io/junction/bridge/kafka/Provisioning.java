package io.junction.bridge.kafka;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.junction.bridge.support.Completions;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscriptionSpec;

/**
 * Topics, subscriptions (consumer groups and their offsets), health and rewinding, through the asynchronous
 * admin client: nothing here blocks a thread; every stage completes on the {@link Completions} thread.
 *
 * <p>A subscription exists when its consumer group has committed offsets for its topic. Creating one commits
 * the topic's end offsets for a group that has none yet, so it receives exactly what is published after that.
 */
final class Provisioning {
    private static final long READY_POLL_MS = 50;

    private final Admin admin;
    private final KafkaSettings settings;
    private final TopicCache topics;
    private final Completions completions;

    Provisioning(Admin admin, KafkaSettings settings, TopicCache topics, Completions completions) {
        this.admin = admin;
        this.settings = settings;
        this.topics = topics;
        this.completions = completions;
    }

    /** Reachable when the cluster names at least one broker that serves. */
    CompletionStage<Void> checkHealth() {
        return completions.relay(stage(admin.describeCluster().nodes()).thenApply(nodes -> {
            if (nodes.isEmpty()) {
                throw Errors.of(ErrorKind.RETRIABLE, "the Kafka cluster has no broker serving");
            }
            return null;
        }));
    }

    /** Creates the topic with the configured partitions; completes when every partition has a leader. */
    CompletionStage<Boolean> ensureTopic(String topic) {
        NewTopic spec = new NewTopic(topic, Optional.of(settings.partitions()),
                settings.replicationFactor() < 0 ? Optional.empty() : Optional.of(settings.replicationFactor()))
                .configs(settings.topicConfig());
        CompletionStage<Boolean> created = stage(admin.createTopics(List.of(spec)).all())
                .handle((v, error) -> {
                    if (error == null) {
                        return true;
                    }
                    if (Errors.unwrap(error) instanceof TopicExistsException) {
                        return false;
                    }
                    throw Errors.classify(error);
                });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.callTimeoutMs());
        return completions.relay(created.thenCompose(isNew -> awaitLeaders(topic, deadline).thenApply(v -> {
            topics.seen(topic);
            return isNew;
        })));
    }

    /** Deletes the topic; Kafka drops the consumer groups' offsets for it with it. */
    CompletionStage<Boolean> deleteTopic(String topic) {
        topics.forget(topic);
        return completions.relay(stage(admin.deleteTopics(List.of(topic)).all()).handle((v, error) -> {
            if (error == null) {
                return true;
            }
            if (Errors.unwrap(error) instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw Errors.classify(error);
        }));
    }

    CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        String group = settings.groupId(spec.name());
        return completions.relay(describe(spec.topic())
                .thenCompose(topic -> committed(group).thenCompose(offsets -> {
                    if (!onTopic(offsets, spec.topic()).isEmpty()) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return endOffsets(topic).thenCompose(ends -> commit(group, ends)).thenApply(v -> true);
                })));
    }

    /**
     * Deletes the group's offsets for the topic (the whole group when it has no others). Fails TERMINAL while
     * consumers are attached to the group.
     */
    CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        String group = settings.groupId(spec.name());
        return completions.relay(committed(group).thenCompose(offsets -> {
            Map<TopicPartition, OffsetAndMetadata> mine = onTopic(offsets, spec.topic());
            if (mine.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            KafkaFuture<Void> deletion = mine.size() == offsets.size()
                    ? admin.deleteConsumerGroups(List.of(group)).all()
                    : admin.deleteConsumerGroupOffsets(group, mine.keySet()).all();
            return stage(deletion).thenApply(v -> true);
        }));
    }

    /** Rewinds (or forwards) the subscription to the first message published at or after {@code time}. */
    CompletionStage<Void> seekToTime(SubscriptionSpec spec, Instant time) {
        return seek(spec, topic -> offsets(topic, p -> OffsetSpec.forTimestamp(time.toEpochMilli()))
                .thenCompose(found -> {
                    // partitions with nothing at or after that time start at their end
                    Map<TopicPartition, Long> targets = new HashMap<>(found);
                    targets.values().removeIf(offset -> offset < 0);
                    if (targets.size() == found.size()) {
                        return CompletableFuture.completedFuture(targets);
                    }
                    return endOffsets(topic).thenApply(ends -> {
                        ends.forEach(targets::putIfAbsent);
                        return targets;
                    });
                }));
    }

    /** Moves the subscription to a position (see {@link SeekPosition}). */
    CompletionStage<Void> seekToPosition(SubscriptionSpec spec, SeekPosition position) {
        return seek(spec, topic -> {
            Set<Integer> partitions = topic.partitions().stream().map(p -> p.partition()).collect(Collectors.toSet());
            for (int p : position.offsets().keySet()) {
                if (!partitions.contains(p)) {
                    throw Errors.of(ErrorKind.TERMINAL, "topic '" + topic.name() + "' has no partition " + p
                            + " (it has " + partitions.size() + ")");
                }
            }
            return switch (position.kind()) {
                case EARLIEST -> offsets(topic, p -> OffsetSpec.earliest());
                case LATEST -> endOffsets(topic);
                case OFFSETS -> CompletableFuture.completedFuture(position.offsets().entrySet().stream().collect(
                        Collectors.toMap(e -> new TopicPartition(topic.name(), e.getKey()), Map.Entry::getValue)));
            };
        });
    }

    /**
     * Commits new offsets (without metadata: what was acked above the old ones no longer counts) for a
     * subscription nobody consumes: Kafka lets only an empty group's offsets be changed from outside.
     */
    private CompletionStage<Void> seek(SubscriptionSpec spec,
                                       Function<TopicDescription, CompletionStage<Map<TopicPartition, Long>>> targets) {
        String group = settings.groupId(spec.name());
        return completions.relay(members(group)
                .thenCompose(members -> {
                    if (members > 0) {
                        throw Errors.of(ErrorKind.TERMINAL, "subscription '" + spec.name() + "' has " + members
                                + " consumer(s) attached; Kafka moves the offsets of a consumer group only while none is");
                    }
                    return committed(group);
                })
                .thenCompose(offsets -> {
                    if (onTopic(offsets, spec.topic()).isEmpty()) {
                        throw Errors.of(ErrorKind.NOT_FOUND, "subscription '" + spec.name() + "' does not exist on topic '"
                                + spec.topic() + "'");
                    }
                    return describe(spec.topic());
                })
                .thenCompose(targets)
                .thenCompose(offsets -> commit(group, offsets)));
    }

    /** How many consumers are in the group now; 0 for a group that does not exist. */
    private CompletionStage<Integer> members(String group) {
        return stage(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)).handle((description, error) -> {
            if (error == null) {
                return description.members().size();
            }
            if (Errors.unwrap(error) instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw Errors.classify(error);
        });
    }

    private CompletionStage<TopicDescription> describe(String topic) {
        return stage(admin.describeTopics(Set.of(topic)).allTopicNames()).thenApply(all -> all.get(topic));
    }

    /** Polls until every partition has a leader: a topic just created may not be served yet. */
    private CompletionStage<Void> awaitLeaders(String topic, long deadlineNanos) {
        return describe(topic).handle((description, error) -> {
            boolean ready = error == null && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            if (ready) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (System.nanoTime() > deadlineNanos) {
                return CompletableFuture.<Void>failedFuture(Errors.of(ErrorKind.RETRIABLE, "topic '" + topic
                        + "' was created but has no leader after " + settings.callTimeoutMs() + " ms"));
            }
            Executor later = CompletableFuture.delayedExecutor(READY_POLL_MS, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> awaitLeaders(topic, deadlineNanos));
        }).thenCompose(Function.identity());
    }

    /** The group's committed offsets; none for a group that does not exist. */
    private CompletionStage<Map<TopicPartition, OffsetAndMetadata>> committed(String group) {
        return stage(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).handle((offsets, error) -> {
            if (error == null) {
                Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>(offsets);
                present.values().removeIf(o -> o == null);
                return present;
            }
            if (Errors.unwrap(error) instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw Errors.classify(error);
        });
    }

    private CompletionStage<Map<TopicPartition, Long>> endOffsets(TopicDescription topic) {
        return offsets(topic, p -> OffsetSpec.latest());
    }

    private CompletionStage<Map<TopicPartition, Long>> offsets(TopicDescription topic, Function<TopicPartition, OffsetSpec> spec) {
        Map<TopicPartition, OffsetSpec> request = topic.partitions().stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .collect(Collectors.toMap(Function.identity(), spec));
        return stage(admin.listOffsets(request).all()).thenApply(result -> result.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
    }

    private CompletionStage<Void> commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        return stage(admin.alterConsumerGroupOffsets(group, commits).all());
    }

    private static Map<TopicPartition, OffsetAndMetadata> onTopic(Map<TopicPartition, OffsetAndMetadata> offsets, String topic) {
        Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>(offsets);
        mine.keySet().removeIf(p -> !p.topic().equals(topic));
        return mine;
    }

    private static <T> CompletionStage<T> stage(KafkaFuture<T> future) {
        return future.toCompletionStage();
    }
}
