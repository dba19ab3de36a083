package io.junction.spi;

/**
 * Where a subscriber hands its deliveries. Called by the adapter's own thread(s), sequentially per
 * lane and in broker order within a lane. Implementations must not block; they apply back-pressure
 * through {@link Subscriber#pause()}.
 */
@FunctionalInterface
public interface DeliverySink {
    void accept(Delivery delivery);
}
