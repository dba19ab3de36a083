package io.junction.tck;

import io.junction.spi.Delivery;
import io.junction.spi.DeliverySink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A sink that keeps every delivery for the test to take, in arrival order. */
public final class CollectingSink implements DeliverySink {
    private final LinkedBlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();
    private final List<Delivery> all = new ArrayList<>();

    @Override
    public void accept(Delivery delivery) {
        synchronized (all) {
            all.add(delivery);
        }
        pending.add(delivery);
    }

    /** The next delivery, or an assertion error when none arrives in time. */
    public Delivery next(Duration timeout) {
        Delivery d = poll(timeout);
        if (d == null) {
            throw new AssertionError("no delivery within " + timeout.toMillis() + " ms");
        }
        return d;
    }

    /** The next delivery, or null when none arrives in time. */
    public Delivery poll(Duration timeout) {
        try {
            return pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every delivery received so far, including those already taken. */
    public List<Delivery> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
