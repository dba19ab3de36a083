package io.junction.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Maximum throughput: keeps a fixed number of operations in flight, starting the next as soon as one is
 * confirmed, until a message count or a duration is reached, whichever comes first; then waits (bounded)
 * for the operations still in flight.
 */
final class ClosedLoop {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final int inFlight;
    private final int messagesPerSend;

    /**
     * @param inFlight        operations outstanding at once
     * @param messagesPerSend messages one operation carries
     */
    ClosedLoop(int inFlight, int messagesPerSend) {
        this.inFlight = inFlight;
        this.messagesPerSend = messagesPerSend;
    }

    Throughput run(Sender sender, long maxMessages, Duration maxDuration) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong confirmed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        lastCompletion.set(start);
        long deadline = start + maxDuration.toNanos();
        long sent = 0;
        while (sent < maxMessages) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            sent += messagesPerSend;
            sender.send().whenComplete((result, failure) -> {
                if (failure == null) {
                    confirmed.addAndGet(messagesPerSend);
                } else {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failure);
                }
                lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                permits.release();
            });
        }
        if (!permits.tryAcquire(inFlight, DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
            failures.addAndGet(inFlight - permits.availablePermits());
        }
        if (firstFailure.get() != null) {
            System.err.println("bench: " + failures.get() + " operations failed, the first with " + firstFailure.get());
        }
        return new Throughput(confirmed.get(), failures.get(), Duration.ofNanos(lastCompletion.get() - start));
    }
}
