package io.junction.bridge.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.BackendException;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * One member of a subscription's consumer group. A {@link KafkaConsumer} is single-threaded, so everything that
 * touches it runs on this subscriber's poll thread {@code junction-kafka-sub-<name>}: fetching, handing records
 * to the sink in partition order, settling (acks and nacks from other threads wait in a queue the poll thread
 * drains), committing ({@link CommitTracker}) and pausing.
 *
 * <ul>
 *   <li><b>Flow control</b>: {@link #pause()} stops the handing out at once; fetched records wait in a buffer
 *   of at most one poll ({@code max.poll.records} = the prefetch), and the consumer's partitions are paused
 *   while anything waits there.</li>
 *   <li><b>Nack</b>: the same record is handed out again after the delay with the next attempt; its offset
 *   stays uncommitted meanwhile, so a crash redelivers it too. Kafka has no delayed redelivery of its own.</li>
 *   <li><b>Rebalance</b>: partitions this member loses are first given {@code revokeGraceMs} for their
 *   deliveries to be settled (acks are taken and committed meanwhile), then committed synchronously and
 *   released: their unsettled deliveries fail to settle with RETRIABLE and the partition's new owner delivers
 *   them, skipping what was acked ({@link CommitMetadata}).</li>
 *   <li><b>Close</b>: settlements already accepted are performed and committed, the consumer leaves the group
 *   and unsettled deliveries go back to the broker; settling them afterwards fails with CLOSED.</li>
 * </ul>
 * The poll waits 5 ms while settlements are likely (deliveries handed out or settled in the last two seconds
 * and not all settled, or commits under way), else up to {@code pollTimeoutMs}, so an ack, a resume or a
 * nack timer waits at most that long; a consumer that fails is closed and opened again after a second.
 */
final class KafkaSubscriber implements Subscriber, Runnable, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscriber.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    private static final long REOPEN_INTERVAL_MS = 1_000;
    /** After a hand-out or a settlement, the next settlement is likely soon. */
    private static final long ACTIVE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SubscriptionSpec spec;
    private final DeliverySink sink;
    private final KafkaSettings settings;
    private final Map<String, Object> consumerConfig;
    private final Completions completions;
    private final Consumer<KafkaSubscriber> onClosed;
    private final CommitTracker commits;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Object lock = new Object(); // orders closing against settlements being queued
    private volatile boolean paused;
    private volatile boolean closing;
    // poll thread only
    private KafkaConsumer<byte[], byte[]> consumer;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
    private final PriorityQueue<Redelivery> redeliveries = new PriorityQueue<>(Comparator.comparingLong(Redelivery::dueNanos));
    private boolean reportedUnavailable;
    private long lastActivityNanos;

    private record Redelivery(long dueNanos, KafkaDelivery delivery) {
    }

    KafkaSubscriber(SubscriptionSpec spec, DeliverySink sink, KafkaSettings settings, Map<String, Object> consumerConfig,
                    Completions completions, Consumer<KafkaSubscriber> onClosed) {
        this.spec = spec;
        this.sink = sink;
        this.settings = settings;
        this.consumerConfig = consumerConfig;
        this.completions = completions;
        this.onClosed = onClosed;
        this.commits = new CommitTracker(spec.name(), settings, completions);
    }

    void start() {
        Threads.start("junction-kafka-sub-" + spec.name(), this);
    }

    SubscriptionSpec spec() {
        return spec;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    @Override
    public CompletionStage<Void> close() {
        synchronized (lock) {
            closing = true;
        }
        commands.add(() -> { }); // wakes a poll thread waiting for settlements
        return closed;
    }

    boolean isClosed() {
        return closing;
    }

    /** Hands a settlement to the poll thread; {@code nackDelay} null means ack. */
    CompletableFuture<Void> settle(KafkaDelivery delivery, Duration nackDelay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            BackendException refused = delivery.settlement().claim(closing, spec.name());
            if (refused != null) {
                completions.fail(done, refused);
            } else {
                commands.add(() -> perform(delivery, nackDelay, done));
            }
        }
        return done;
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                if (consumer == null && !open()) {
                    waitForCommand(REOPEN_INTERVAL_MS);
                    continue;
                }
                try {
                    step();
                } catch (InterruptException e) {
                    throw e; // the thread is asked to stop, the consumer did not fail
                } catch (KafkaException e) {
                    LOG.warn("consumer of subscription {} failed; reopening: {}", spec.name(), e.toString());
                    release("the consumer of " + spec.name() + " failed; the broker redelivers the message");
                }
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("subscriber of {} stopped unexpectedly", spec.name(), e);
        } finally {
            shutDown();
        }
    }

    private boolean open() {
        KafkaConsumer<byte[], byte[]> fresh = null;
        try {
            fresh = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            fresh.subscribe(List.of(spec.topic()), this);
            consumer = fresh;
            reportedUnavailable = false;
            return true;
        } catch (KafkaException e) {
            if (fresh != null) {
                fresh.close(CloseOptions.timeout(Duration.ZERO));
            }
            if (!reportedUnavailable) { // once per outage, not every retry
                reportedUnavailable = true;
                LOG.warn("cannot consume subscription {} ({}); retrying every {} ms", spec.name(), e.toString(),
                        REOPEN_INTERVAL_MS);
            }
            return false;
        }
    }

    /** One round of the poll loop. */
    private void step() {
        runCommands();
        handOut();
        applyFlowControl();
        commits.commitAsync(consumer);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout())) {
            fetched.add(record);
        }
    }

    /**
     * Short while settlements are likely: commits under way, or deliveries out and handed or settled within
     * the last {@link #ACTIVE_WINDOW_NANOS}. Otherwise {@code pollTimeoutMs}, or until the next nack is due.
     */
    private Duration pollTimeout() {
        long now = System.nanoTime();
        if (!commands.isEmpty() || commits.committing()
                || (now - lastActivityNanos < ACTIVE_WINDOW_NANOS && commits.hasUnsettled())) {
            return BUSY_POLL;
        }
        long waitMs = settings.pollTimeoutMs();
        Redelivery next = redeliveries.peek();
        if (next != null) {
            waitMs = Math.min(waitMs, Math.max(0, TimeUnit.NANOSECONDS.toMillis(next.dueNanos() - now)) + 1);
        }
        return Duration.ofMillis(waitMs);
    }

    /** Hands due redeliveries, then fetched records, to the sink until paused. */
    private void handOut() {
        while (!paused && !closing) {
            Redelivery due = redeliveries.peek();
            if (due != null && due.dueNanos() <= System.nanoTime()) {
                redeliveries.poll();
                deliver(due.delivery());
                continue;
            }
            ConsumerRecord<byte[], byte[]> record = fetched.poll();
            if (record == null) {
                return;
            }
            PartitionLedger ledger = commits.ledger(new TopicPartition(record.topic(), record.partition()));
            if (ledger != null && ledger.admit(record.offset())) {
                deliver(new KafkaDelivery(this, record, RecordCodec.decode(record), 1, ledger));
            }
        }
    }

    private void deliver(KafkaDelivery delivery) {
        lastActivityNanos = System.nanoTime();
        try {
            sink.accept(delivery);
        } catch (RuntimeException e) {
            LOG.warn("delivery sink of {} failed; the delivery stays unsettled", spec.name(), e);
        }
    }

    /** The consumer fetches only while nothing waits to be handed out. */
    private void applyFlowControl() {
        boolean hold = paused || !fetched.isEmpty();
        if (hold) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (consumer.paused().size() < assigned.size()) {
                consumer.pause(assigned);
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Poll thread. */
    private void perform(KafkaDelivery delivery, Duration nackDelay, CompletableFuture<Void> done) {
        if (commits.ledger(delivery.partition()) != delivery.ledger()) {
            delivery.settlement().unclaim();
            completions.fail(done, Errors.of(closing ? ErrorKind.CLOSED : ErrorKind.RETRIABLE, "partition "
                    + delivery.partition() + " is no longer consumed here; its new consumer delivers the message again"));
        } else if (nackDelay == null) {
            commits.ack(delivery, done);
        } else {
            redeliveries.add(new Redelivery(System.nanoTime() + nackDelay.toNanos(), delivery.again()));
            completions.complete(done, null);
        }
    }

    private void runCommands() {
        for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
            lastActivityNanos = System.nanoTime();
            command.run();
        }
    }

    /** Waits up to {@code ms} for a settlement to arrive and runs what came. */
    private boolean waitForCommand(long ms) {
        try {
            Runnable command = commands.poll(ms, TimeUnit.MILLISECONDS);
            if (command == null) {
                return false;
            }
            lastActivityNanos = System.nanoTime();
            command.run();
            runCommands();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    // ---- rebalance callbacks: called on the poll thread, inside poll() or close() ----

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(new HashSet<>(partitions), Duration.ofMillis(settings.callTimeoutMs()));
        } catch (KafkaException e) {
            LOG.warn("could not read the committed offsets of {} for {}; acks above them are delivered again: {}",
                    spec.name(), partitions, e.toString());
            committed = Map.of();
        }
        commits.assigned(partitions, committed);
        LOG.debug("subscription {} consumes {}", spec.name(), partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!closing) {
            awaitSettlements(partitions);
        }
        commits.commitSync(consumer, partitions);
        forget(partitions, "partition moved to another consumer of " + spec.name() + "; it delivers the message again");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions, "the consumer of " + spec.name() + " lost its partition; the broker redelivers the message");
    }

    /** Up to {@code revokeGraceMs}: takes settlements as they come, committing the acks of leaving partitions. */
    private void awaitSettlements(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.revokeGraceMs());
        while (!closing && commits.hasUnsettled(partitions)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            if (waitForCommand(left)) {
                commits.commitSync(consumer, partitions);
            }
        }
    }

    private void forget(Collection<TopicPartition> partitions, String why) {
        commits.drop(partitions, why);
        fetched.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        redeliveries.removeIf(r -> partitions.contains(r.delivery().partition()));
    }

    /** Closes a failed consumer: everything it held goes back to the broker. */
    private void release(String why) {
        commits.dropAll(why);
        fetched.clear();
        redeliveries.clear();
        try {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        } catch (KafkaException e) {
            LOG.debug("closing the failed consumer of {} failed", spec.name(), e);
        }
        consumer = null;
    }

    /** Performs the settlements accepted before close, commits, leaves the group. */
    private void shutDown() {
        synchronized (lock) {
            closing = true; // also after an unexpected stop: refuse further settlements
        }
        try {
            runCommands();
            if (consumer != null) {
                commits.commitSync(consumer, new ArrayList<>(consumer.assignment()));
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the subscriber of {}: the last commit failed: {}", spec.name(), e.toString());
        }
        commits.dropAll("the subscriber of " + spec.name() + " closed");
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofMillis(settings.callTimeoutMs())));
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer of {} failed: {}", spec.name(), e.toString());
            }
        }
        completions.complete(closed, null);
        onClosed.accept(this);
    }
}
