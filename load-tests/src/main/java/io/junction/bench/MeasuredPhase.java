package io.junction.bench;

import io.vertx.core.json.JsonObject;

/**
 * A throughput phase with the CPU time the gateway process and the load generator (this JVM) spent during it.
 *
 * @param wallNanos          the phase's wall-clock time, including the wait for its last confirmations
 * @param gatewayCpuNanos    all the gateway process's threads
 * @param gatewayJitCpuNanos of which its JIT compiler threads
 * @param gatewayGcCpuNanos  of which its garbage collector threads
 */
record MeasuredPhase(Throughput throughput, long wallNanos, long gatewayCpuNanos, long gatewayJitCpuNanos,
                     long gatewayGcCpuNanos, long loadGeneratorCpuNanos) {
    double gatewayCpuPercent() {
        return 100.0 * gatewayCpuNanos / wallNanos;
    }

    double gatewayJitCpuPercent() {
        return 100.0 * gatewayJitCpuNanos / wallNanos;
    }

    double loadGeneratorCpuPercent() {
        return 100.0 * loadGeneratorCpuNanos / wallNanos;
    }

    /**
     * The gateway process's CPU per confirmed message in microseconds, not counting JIT compilation (warm-up)
     * nor what the process burns when idle.
     *
     * @param idleCpuFraction CPU seconds per second the gateway process spends with no load, JIT aside
     */
    double gatewayCpuMicrosPerMessage(double idleCpuFraction) {
        double busyNanos = gatewayCpuNanos - gatewayJitCpuNanos - idleCpuFraction * wallNanos;
        return Math.max(0, busyNanos) / 1000.0 / throughput.messages();
    }

    JsonObject toJson(double idleCpuFraction) {
        return new JsonObject()
                .put("messages", throughput.messages())
                .put("failures", throughput.failures())
                .put("seconds", Numbers.round(wallNanos / 1e9))
                .put("msgs_per_s", Numbers.round(throughput.perSecond()))
                .put("gateway_process_cpu_pct", Numbers.round(gatewayCpuPercent()))
                .put("gateway_jit_cpu_pct", Numbers.round(gatewayJitCpuPercent()))
                .put("gateway_gc_cpu_pct", Numbers.round(100.0 * gatewayGcCpuNanos / wallNanos))
                .put("gateway_cpu_us_per_msg", Numbers.round(gatewayCpuMicrosPerMessage(idleCpuFraction)))
                .put("load_generator_cpu_pct", Numbers.round(loadGeneratorCpuPercent()));
    }
}
