package io.junction.core.delivery;

import io.github.resilience4j.core.IntervalFunction;
import io.junction.core.catalog.DeliveryPolicy.RetryPolicy;

import java.time.Duration;

/** The wait before a retry, from a subscription's retry policy, through resilience4j's interval functions. */
public final class Backoff {
    private final IntervalFunction intervals;

    public Backoff(RetryPolicy policy) {
        this.intervals = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                policy.jitter(), policy.maxBackoff());
    }

    /** The wait after the delivery with this attempt number failed (1 for the first delivery). */
    public Duration after(int failedAttempt) {
        return Duration.ofMillis(intervals.apply(Math.max(1, failedAttempt)));
    }
}
