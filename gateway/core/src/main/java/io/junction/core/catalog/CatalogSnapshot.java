package io.junction.core.catalog;

import java.util.List;

/** Everything the catalog holds, as persisted. */
public record CatalogSnapshot(List<TopicDefinition> topics, List<SubscriptionDefinition> subscriptions) {
    public CatalogSnapshot {
        topics = List.copyOf(topics);
        subscriptions = List.copyOf(subscriptions);
    }

    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(List.of(), List.of());
    }
}
