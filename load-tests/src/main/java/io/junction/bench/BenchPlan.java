package io.junction.bench;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How long and how much each phase runs, per mode. Every phase stops at its message count or its duration,
 * whichever comes first. The load shapes (connections, batch size, rates) are the same in both modes.
 *
 * @param warmup          per publish path (native, single, batch), before anything is measured
 * @param idle            the gateway's idle CPU is measured over this, after the warm-up
 * @param phase           each throughput phase (native, single, batch)
 * @param phaseMessages   cap of each throughput phase (and of each warm-up): what a phase leaves stays on the
 *                        broker until the phase's topic is deleted, and the in-process Artemis keeps it in the
 *                        gateway's heap (150,000 x 1 KiB stays below the point where it starts paging)
 * @param latencyMessages per side (native, gateway) at {@link #LATENCY_RATE}, split into {@code latencyRounds}
 *                        alternating rounds so that both sides see the same background noise
 * @param endToEndMessages each end-to-end run (keyed, unkeyed)
 * @param endToEndMax      cap of each end-to-end run
 */
record BenchPlan(String mode, Duration warmup, Duration idle, Duration phase, long phaseMessages,
                 int latencyMessages, int latencyRounds, int endToEndMessages, Duration endToEndMax) {
    /** Single-message publishes in flight: one per connection (HTTP/1.1, no pipelining). */
    static final int SINGLE_CONNECTIONS = 32;
    static final int BATCH_SIZE = 64;
    /** Batch requests in flight: 8 x 64 = 512 messages. */
    static final int BATCH_CONNECTIONS = 8;
    /** Native publishes awaiting confirmation: as many messages as the batch phase keeps in flight. */
    static final int NATIVE_IN_FLIGHT = BATCH_CONNECTIONS * BATCH_SIZE;
    static final int LATENCY_RATE = 1000;
    /** Beyond this many unconfirmed sends the open loop waits (still measuring from each send's due time). */
    static final int LATENCY_MAX_IN_FLIGHT = 1000;
    static final int KEYS = 1000;
    static final int CONSUMERS = 4;
    static final int PULL_MAX_MESSAGES = 100;
    static final int PULL_WAIT_MS = 500;
    /** Batch requests in flight while the end-to-end runs publish. */
    static final int END_TO_END_PUBLISH_IN_FLIGHT = 4;

    static BenchPlan full() {
        return new BenchPlan("full", Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(15), 150_000,
                30_000, 6, 100_000, Duration.ofSeconds(30));
    }

    /** A smoke run of the harness (under two minutes): too short for figures worth quoting. */
    static BenchPlan quick() {
        return new BenchPlan("quick", Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3), 30_000,
                2_000, 2, 2_000, Duration.ofSeconds(20));
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("mode", mode)
                .put("payload_bytes", Payloads.SIZE_BYTES)
                .put("warmup_s_per_path", warmup.toSeconds())
                .put("phase_s", phase.toSeconds())
                .put("phase_max_messages", phaseMessages)
                .put("native_in_flight", NATIVE_IN_FLIGHT)
                .put("single_connections", SINGLE_CONNECTIONS)
                .put("batch_size", BATCH_SIZE)
                .put("batch_connections", BATCH_CONNECTIONS)
                .put("latency_rate_per_s", LATENCY_RATE)
                .put("latency_messages_per_side", latencyMessages)
                .put("latency_rounds", latencyRounds)
                .put("end_to_end_messages", endToEndMessages)
                .put("keys", KEYS)
                .put("consumers", CONSUMERS);
    }
}
