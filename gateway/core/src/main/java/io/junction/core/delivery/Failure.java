package io.junction.core.delivery;

import java.time.Instant;

/**
 * What is known of a message's failed deliveries.
 *
 * @param attempts         failed deliveries so far
 * @param firstFailureTime when the first one failed
 * @param lastFailureTime  when the last one failed
 * @param lastError        the reason the client gave with its last nack, or why the gateway gave up
 */
public record Failure(int attempts, Instant firstFailureTime, Instant lastFailureTime, String lastError) {
    /** This failure followed by one more, of the delivery with the given attempt number. */
    public static Failure next(Failure previous, int attempt, Instant now, String error) {
        Instant first = previous == null ? now : previous.firstFailureTime();
        return new Failure(attempt, first, now, error);
    }
}
