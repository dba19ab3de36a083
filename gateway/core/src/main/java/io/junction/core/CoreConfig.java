package io.junction.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the delivery engine. Immutable; {@link #validate()} reports every violation at once.
 *
 * @param dataDir              where the gateway keeps its own state (the catalog)
 * @param defaultAckDeadline   a subscription's ack deadline when it does not set one
 * @param maxAckDeadline       the longest ack deadline or extension a client may ask for
 * @param maxInFlight          per subscription: deliveries handed to clients and not yet settled, plus
 *                             those fetched and waiting to be pulled
 * @param prefetch             per subscription: deliveries fetched from the broker ahead of pulls
 * @param maxWaitingPulls      per subscription: long-polls parked at once; more answer 429
 * @param idleSubscriberTimeout a subscription nobody pulled from for this long stops fetching and
 *                             returns its prefetched messages to the broker
 * @param limits               request size limits
 * @param dedupWindow          how long a published message id is remembered per topic: a repeat inside
 *                             the window stores nothing and answers the first receipt
 */
public record CoreConfig(Path dataDir, Duration defaultAckDeadline, Duration maxAckDeadline, int maxInFlight,
                         int prefetch, int maxWaitingPulls, Duration idleSubscriberTimeout, Limits limits,
                         Duration dedupWindow) {

    /**
     * @param maxPayloadBytes   largest single message payload
     * @param maxBatchMessages  most messages in one batch publish
     * @param maxBatchBytes     largest sum of payloads in one batch publish
     * @param maxPullMessages   most messages one pull may ask for
     * @param maxPullWait       longest long-poll wait
     */
    public record Limits(int maxPayloadBytes, int maxBatchMessages, int maxBatchBytes, int maxPullMessages,
                         Duration maxPullWait) {
        public static Limits defaults() {
            return new Limits(1024 * 1024, 500, 5 * 1024 * 1024, 1000, Duration.ofSeconds(30));
        }

        void validate(List<String> errors) {
            positive(errors, "limits.maxPayloadBytes", maxPayloadBytes);
            positive(errors, "limits.maxBatchMessages", maxBatchMessages);
            positive(errors, "limits.maxBatchBytes", maxBatchBytes);
            positive(errors, "limits.maxPullMessages", maxPullMessages);
            if (maxPullWait == null || maxPullWait.isNegative()) {
                errors.add("limits.maxPullWait must be zero or more");
            }
        }
    }

    public static CoreConfig defaults(Path dataDir) {
        return new CoreConfig(dataDir, Duration.ofSeconds(30), Duration.ofMinutes(10), 1000, 100, 1000,
                Duration.ofSeconds(60), Limits.defaults(), Duration.ofMinutes(10));
    }

    /** This configuration with another dedup window. */
    public CoreConfig withDedupWindow(Duration window) {
        return new CoreConfig(dataDir, defaultAckDeadline, maxAckDeadline, maxInFlight, prefetch, maxWaitingPulls,
                idleSubscriberTimeout, limits, window);
    }

    /** @return every violation, empty when valid */
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        if (dataDir == null) {
            errors.add("dataDir is required");
        }
        if (defaultAckDeadline == null || defaultAckDeadline.toMillis() < 1) {
            errors.add("defaultAckDeadline must be positive");
        }
        if (maxAckDeadline == null || maxAckDeadline.toMillis() < 1) {
            errors.add("maxAckDeadline must be positive");
        } else if (defaultAckDeadline != null && defaultAckDeadline.compareTo(maxAckDeadline) > 0) {
            errors.add("defaultAckDeadline must not exceed maxAckDeadline");
        }
        positive(errors, "maxInFlight", maxInFlight);
        positive(errors, "prefetch", prefetch);
        positive(errors, "maxWaitingPulls", maxWaitingPulls);
        if (idleSubscriberTimeout == null || idleSubscriberTimeout.toMillis() < 1) {
            errors.add("idleSubscriberTimeout must be positive");
        }
        if (limits == null) {
            errors.add("limits are required");
        } else {
            limits.validate(errors);
        }
        if (dedupWindow == null || dedupWindow.toMillis() < 1) {
            errors.add("dedupWindow must be positive");
        }
        return errors;
    }

    private static void positive(List<String> errors, String name, int value) {
        if (value < 1) {
            errors.add(name + " must be at least 1 but was " + value);
        }
    }
}
