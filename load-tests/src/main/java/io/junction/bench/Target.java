package io.junction.bench;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One of the benchmark's targets: a bound on one figure of a backend's result. Reported as met or missed,
 * never asserted.
 *
 * @param field   the figure's name in the backend's result
 * @param atLeast true for a lower bound, false for an upper bound
 */
record Target(String field, boolean atLeast, double bound) {
    static final List<Target> ALL = List.of(
            new Target("batch_vs_native", true, 0.70),
            new Target("added_latency_p50_ms", false, 0.3),
            new Target("added_latency_p99_ms", false, 1.0),
            new Target("cpu_us_per_msg_single", false, 50),
            new Target("cpu_us_per_msg_batch", false, 10),
            new Target("rss_mib", false, 256),
            new Target("keyed_vs_unkeyed", true, 0.8),
            new Target("vs_management_api", true, 5.0));

    /** {@code met}, {@code missed}, or null when the result has no such figure. */
    String verdict(JsonObject result) {
        Double value = result.getDouble(field);
        if (value == null) {
            return null;
        }
        return (atLeast ? value >= bound : value <= bound) ? "met" : "missed";
    }

    /** e.g. {@code >= 0.7} */
    String describe() {
        return (atLeast ? ">= " : "<= ") + (bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound));
    }
}
