package io.junction.spi;

/**
 * How a subscriber should fetch.
 *
 * @param prefetch how many messages the adapter may hold fetched but not yet handed to the sink; a bound
 *                 on the adapter's buffer, at least 1
 */
public record SubscribeOptions(int prefetch) {
    public SubscribeOptions {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1");
        }
    }
}
