package io.junction.spi;

import java.util.concurrent.CompletionStage;

/**
 * A running consumer of one subscription, returned by {@link Backend#subscribe}. Thread-safe.
 */
public interface Subscriber {
    /**
     * Stops handing new deliveries to the sink soon (a few already fetched may still arrive). Deliveries
     * already handed out stay valid. Idempotent.
     */
    void pause();

    /** Resumes handing deliveries after {@link #pause()}. Idempotent. */
    void resume();

    /**
     * Stops consuming. Unsettled deliveries go back to the broker for redelivery. Idempotent; the stage
     * completes when the broker-side consumer is gone.
     */
    CompletionStage<Void> close();
}
