package io.junction.core.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-memory view of the topics and subscriptions the gateway serves. Thread-safe; every change
 * returns the snapshot to persist.
 */
public final class Catalog {
    private final Map<String, TopicDefinition> topics = new TreeMap<>();
    private final Map<String, SubscriptionDefinition> subscriptions = new TreeMap<>();

    public Catalog(CatalogSnapshot initial) {
        initial.topics().forEach(t -> topics.put(t.name(), t));
        initial.subscriptions().forEach(s -> subscriptions.put(s.name(), s));
    }

    public synchronized Optional<TopicDefinition> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public synchronized List<TopicDefinition> topics() {
        return List.copyOf(topics.values());
    }

    public synchronized Optional<SubscriptionDefinition> subscription(String name) {
        return Optional.ofNullable(subscriptions.get(name));
    }

    public synchronized List<SubscriptionDefinition> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    public synchronized List<SubscriptionDefinition> subscriptionsOf(String topic) {
        return subscriptions.values().stream().filter(s -> s.topic().equals(topic)).toList();
    }

    /** @return true when added, false when a topic of that name already existed (it is kept) */
    public synchronized boolean addTopic(TopicDefinition topic) {
        return topics.putIfAbsent(topic.name(), topic) == null;
    }

    /** Removes the topic and its subscriptions; returns the removed subscriptions. */
    public synchronized List<SubscriptionDefinition> removeTopic(String name) {
        topics.remove(name);
        List<SubscriptionDefinition> removed = new ArrayList<>(subscriptionsOf(name));
        removed.forEach(s -> subscriptions.remove(s.name()));
        removed.sort(Comparator.comparing(SubscriptionDefinition::name));
        return removed;
    }

    /** Adds or replaces a subscription; returns the previous definition, if any. */
    public synchronized Optional<SubscriptionDefinition> putSubscription(SubscriptionDefinition sub) {
        return Optional.ofNullable(subscriptions.put(sub.name(), sub));
    }

    public synchronized boolean removeSubscription(String name) {
        return subscriptions.remove(name) != null;
    }

    public synchronized CatalogSnapshot snapshot() {
        return new CatalogSnapshot(new ArrayList<>(topics.values()), new ArrayList<>(subscriptions.values()));
    }
}
