package io.junction.bridge.support;

import java.util.concurrent.atomic.AtomicBoolean;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/**
 * The one settlement (ack or nack) a delivery allows. A settlement claims it before it is carried out; one
 * that fails gives the claim back, so the core may try again. Thread-safe.
 */
public final class SettleOnce {
    private final AtomicBoolean claimed = new AtomicBoolean();

    /**
     * Claims the settlement of a delivery of {@code subscription}. Returns null when it is claimed now, else why
     * not: CLOSED when the subscriber is closing (nothing is claimed then), NOT_FOUND when already claimed.
     */
    public BackendException claim(boolean subscriberClosing, String subscription) {
        if (subscriberClosing) {
            return new BackendException(ErrorKind.CLOSED, "subscriber of " + subscription + " is closed");
        }
        if (!claimed.compareAndSet(false, true)) {
            return new BackendException(ErrorKind.NOT_FOUND, "delivery already settled");
        }
        return null;
    }

    /** Gives the claim back after a failed settlement. */
    public void unclaim() {
        claimed.set(false);
    }
}
