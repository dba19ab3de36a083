package io.junction.core.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a subscription delivers: ordering, retries, dead letters and how much may be in flight. Every
 * field has a documented default ({@link #defaults(int)}); {@link #validate(int)} names every bad field.
 *
 * @param ordering    {@link Ordering#KEY}: one outstanding delivery per key, in publish order
 * @param retry       backoff between attempts and how many there are
 * @param deadLetter  what happens after the last attempt
 * @param maxInFlight deliveries handed out and not yet settled, plus those fetched ahead, per gateway
 */
public record DeliveryPolicy(Ordering ordering, RetryPolicy retry, DeadLetterPolicy deadLetter, int maxInFlight) {
    public DeliveryPolicy {
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(deadLetter, "deadLetter");
    }

    public enum Ordering { KEY, NONE }

    public enum OnKeyPoisoned { SKIP, PARK }

    /**
     * Exponential backoff with jitter: the n-th retry waits {@code initialBackoff * multiplier^(n-1)},
     * capped at {@code maxBackoff}, randomised by +/- {@code jitter} of itself.
     *
     * @param maxAttempts deliveries in all, the first included, before the message is dead-lettered
     */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                              double jitter) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2);
        }
    }

    /**
     * @param enabled       false: a message that used up its attempts keeps being retried at
     *                      {@code maxBackoff}, it is never dropped
     * @param onKeyPoisoned {@link OnKeyPoisoned#SKIP}: the key moves on after its poisoned message is
     *                      dead-lettered; {@link OnKeyPoisoned#PARK}: the key's later messages follow it
     *                      into the dead-letter queue, in order, until its dead letters are redriven or
     *                      discarded
     */
    public record DeadLetterPolicy(boolean enabled, OnKeyPoisoned onKeyPoisoned) {
        public static DeadLetterPolicy defaults() {
            return new DeadLetterPolicy(true, OnKeyPoisoned.SKIP);
        }
    }

    public static DeliveryPolicy defaults(int maxInFlight) {
        return new DeliveryPolicy(Ordering.KEY, RetryPolicy.defaults(), DeadLetterPolicy.defaults(), maxInFlight);
    }

    /** @return every violation, named by its JSON field path; empty when valid */
    public List<String> validate(int maxInFlightLimit) {
        List<String> errors = new ArrayList<>();
        if (retry.maxAttempts() < 1 || retry.maxAttempts() > 1000) {
            errors.add("retry.maxAttempts must be between 1 and 1000");
        }
        if (retry.initialBackoff().toMillis() < 1) {
            errors.add("retry.initialBackoffMs must be at least 1");
        }
        if (retry.multiplier() < 1.0 || retry.multiplier() > 100.0 || Double.isNaN(retry.multiplier())) {
            errors.add("retry.multiplier must be between 1.0 and 100.0");
        }
        if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0 || retry.maxBackoff().toHours() >= 24) {
            errors.add("retry.maxBackoffMs must be at least initialBackoffMs and less than 24 hours");
        }
        if (!(retry.jitter() >= 0.0 && retry.jitter() < 1.0)) {
            errors.add("retry.jitter must be at least 0 and less than 1");
        }
        if (maxInFlight < 1 || maxInFlight > maxInFlightLimit) {
            errors.add("maxInFlight must be between 1 and " + maxInFlightLimit);
        }
        return errors;
    }
}
