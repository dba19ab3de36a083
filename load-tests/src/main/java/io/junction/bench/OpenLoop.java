package io.junction.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency at a fixed rate, free of coordinated omission: operation {@code i} is due at
 * {@code start + i / rate} whatever happened to earlier ones, and its latency is measured from that due time,
 * so a stall delays the sends behind it and their waiting counts. In-flight operations are capped (a
 * saturated system would otherwise pile up without bound); a send waiting for the cap still counts from its
 * due time.
 */
final class OpenLoop {
    /** Latencies above this are recorded as this (60 s, in microseconds). */
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final long periodNanos;
    private final int maxInFlight;

    OpenLoop(int ratePerSecond, int maxInFlight) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        this.maxInFlight = maxInFlight;
    }

    /** A histogram for {@link #run}: microseconds, three significant digits, thread-safe. */
    static Histogram newHistogram() {
        return new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    }

    /**
     * Sends {@code count} operations at the rate and records each successful one's latency in microseconds.
     *
     * @return the number of failed operations (including those still unconfirmed after the wait limit)
     */
    long run(Sender sender, int count, Histogram into) throws InterruptedException {
        Semaphore permits = new Semaphore(maxInFlight);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!permits.tryAcquire(WAIT_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                failures.addAndGet(count - i);
                break;
            }
            sender.send().whenComplete((result, failure) -> {
                if (failure == null) {
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due);
                    into.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
                } else {
                    failures.incrementAndGet();
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(maxInFlight, WAIT_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
            failures.addAndGet(maxInFlight - permits.availablePermits());
        }
        return failures.get();
    }
}
