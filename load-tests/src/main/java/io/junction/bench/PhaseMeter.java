package io.junction.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Measures phases: the gateway process's CPU (and its JIT compiler's and garbage collector's shares) and
 * memory from /proc, and the load generator's (this JVM's) CPU.
 */
final class PhaseMeter {
    private final ProcessMeter gateway;
    private final ProcessMeter loadGenerator = new ProcessMeter(ProcessHandle.current().pid());

    PhaseMeter(long gatewayPid) {
        this.gateway = new ProcessMeter(gatewayPid);
    }

    MeasuredPhase measure(Callable<Throughput> phase) throws Exception {
        long gatewayCpu = gateway.cpuNanos();
        long gatewayJit = gateway.jitCpuNanos();
        long gatewayGc = gateway.gcCpuNanos();
        long ownCpu = loadGenerator.cpuNanos();
        long start = System.nanoTime();
        Throughput throughput = phase.call();
        long wall = System.nanoTime() - start;
        return new MeasuredPhase(throughput, wall, gateway.cpuNanos() - gatewayCpu, gateway.jitCpuNanos() - gatewayJit,
                gateway.gcCpuNanos() - gatewayGc, loadGenerator.cpuNanos() - ownCpu);
    }

    /**
     * CPU seconds per second the gateway process spends, JIT compiling aside, while nobody calls it, measured
     * over {@code span}.
     */
    double gatewayIdleCpuFraction(Duration span) throws InterruptedException {
        long cpu = gateway.cpuNanos() - gateway.jitCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(span.toMillis());
        return (double) (gateway.cpuNanos() - gateway.jitCpuNanos() - cpu) / (System.nanoTime() - start);
    }

    /** The gateway process's largest resident set so far, in MiB. */
    double gatewayPeakRssMib() {
        return gateway.peakRssBytes() / (1024.0 * 1024.0);
    }
}
