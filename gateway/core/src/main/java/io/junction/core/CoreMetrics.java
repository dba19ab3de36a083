package io.junction.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The engine's counters and gauges, registered with the registry the server exposes. Meter names
 * follow Micrometer's dotted style; the Prometheus registry renders them as {@code junction_...}.
 */
public final class CoreMetrics {
    private final MeterRegistry registry;

    public CoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    void published(String topic, int count) {
        Counter.builder("junction.messages.published")
                .description("Messages the broker accepted: durably, except on at-most-once topics")
                .tag("topic", topic).register(registry).increment(count);
    }

    void duplicates(String topic, int count) {
        Counter.builder("junction.messages.duplicates")
                .description("Published messages answered with an earlier receipt of their id, stored no second time")
                .tag("topic", topic).register(registry).increment(count);
    }

    void publishFailed(String topic, ErrorType type) {
        Counter.builder("junction.publish.failures").description("Publish calls that failed")
                .tag("topic", topic).tag("type", type.name().toLowerCase()).register(registry).increment();
    }

    /** Per-subscription meters; {@link SubscriptionMeters#close()} removes them. */
    SubscriptionMeters forSubscription(String subscription, Supplier<Number> ready, Supplier<Number> inFlight,
                                       Supplier<Number> waitingPulls, Supplier<Number> held) {
        return new SubscriptionMeters(subscription, ready, inFlight, waitingPulls, held);
    }

    /** Meters of a subscription on an at-most-once topic; {@link AtMostOnceMeters#close()} removes them. */
    AtMostOnceMeters forAtMostOnce(String subscription, Supplier<Number> ready, Supplier<Number> waitingPulls) {
        return new AtMostOnceMeters(subscription, ready, waitingPulls);
    }

    final class AtMostOnceMeters implements AutoCloseable {
        final Counter delivered;
        final Counter dropped;
        private final List<Meter> meters = new ArrayList<>();

        private AtMostOnceMeters(String sub, Supplier<Number> ready, Supplier<Number> waitingPulls) {
            delivered = register(Counter.builder("junction.deliveries").description("Deliveries handed to pulling clients")
                    .tag("subscription", sub).register(registry));
            dropped = register(Counter.builder("junction.messages.dropped")
                    .description("Messages of an at-most-once topic dropped because the subscription's buffer was full")
                    .tag("subscription", sub).register(registry));
            register(Gauge.builder("junction.subscription.ready", ready).description("Messages fetched and waiting to be pulled")
                    .tag("subscription", sub).register(registry));
            register(Gauge.builder("junction.subscription.waiting.pulls", waitingPulls).description("Long-polls waiting for messages")
                    .tag("subscription", sub).register(registry));
        }

        private <M extends Meter> M register(M meter) {
            meters.add(meter);
            return meter;
        }

        @Override
        public void close() {
            meters.forEach(registry::remove);
        }
    }

    final class SubscriptionMeters implements AutoCloseable {
        final Counter delivered;
        final Counter acked;
        final Counter nacked;
        final Counter expired;
        final Counter retries;
        final Counter deadLettered;
        final Counter redriven;
        private final List<Meter> meters = new ArrayList<>();

        private SubscriptionMeters(String sub, Supplier<Number> ready, Supplier<Number> inFlight,
                                   Supplier<Number> waitingPulls, Supplier<Number> held) {
            delivered = counter("junction.deliveries", "Deliveries handed to pulling clients", sub);
            acked = counter("junction.acks", "Deliveries acked by clients", sub);
            nacked = counter("junction.nacks", "Deliveries nacked by clients", sub);
            expired = counter("junction.deadline.expiries", "Deliveries redelivered because their ack deadline passed", sub);
            retries = counter("junction.retries", "Failed deliveries scheduled for another attempt", sub);
            deadLettered = counter("junction.dead.letters", "Messages moved to the dead-letter queue", sub);
            redriven = counter("junction.redriven", "Dead letters returned to the subscription", sub);
            gauge("junction.subscription.held", "Messages waiting for a retry, a dead-letter write or their key's turn", sub, held);
            gauge("junction.subscription.ready", "Messages fetched and waiting to be pulled", sub, ready);
            gauge("junction.subscription.inflight", "Deliveries handed out and not yet settled", sub, inFlight);
            gauge("junction.subscription.waiting.pulls", "Long-polls waiting for messages", sub, waitingPulls);
        }

        private Counter counter(String name, String description, String sub) {
            Counter c = Counter.builder(name).description(description).tag("subscription", sub).register(registry);
            meters.add(c);
            return c;
        }

        private void gauge(String name, String description, String sub, Supplier<Number> value) {
            meters.add(Gauge.builder(name, value).description(description).tag("subscription", sub).register(registry));
        }

        @Override
        public void close() {
            meters.forEach(registry::remove);
        }
    }
}
