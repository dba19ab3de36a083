package io.junction.bench;

import java.time.Duration;

/**
 * What a closed-loop run achieved.
 *
 * @param messages messages confirmed
 * @param failures operations that failed or were still unconfirmed when the run gave up waiting
 * @param elapsed  from the first send to the last confirmation
 */
record Throughput(long messages, long failures, Duration elapsed) {
    double perSecond() {
        return elapsed.isZero() ? 0 : messages * 1e9 / elapsed.toNanos();
    }
}
