package io.junction.bridge.rabbitmq;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * One publisher thread with its own confirming channel (AMQP channels are not for concurrent publishing).
 * Sends are asynchronous: the thread only writes, the broker's confirmations complete the jobs, so one
 * channel keeps many messages in flight while sends on it stay in order.
 */
final class PublisherWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherWorker.class);
    private static final long POLL_MS = 200;

    private final Connector connector;
    private final TopicCache topics;
    private final long timeoutNanos;
    private final BlockingQueue<PublishJob> queue = new LinkedBlockingQueue<>();
    private final ExistenceProbe probe;
    private volatile boolean draining;
    private ConfirmChannel channel;

    PublisherWorker(Connector connector, TopicCache topics, long callTimeoutMs) {
        this.connector = connector;
        this.topics = topics;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(callTimeoutMs);
        this.probe = new ExistenceProbe(connector);
    }

    void submit(PublishJob job) {
        queue.add(job);
    }

    /** Sends what is queued, then ends the thread; nothing may be submitted any more. */
    void drain() {
        draining = true;
    }

    @Override
    public void run() {
        try {
            while (!draining || !queue.isEmpty()) {
                PublishJob job = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (job != null) {
                    send(job);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
        // the channel closes with the connection, after its last confirmations arrived
    }

    private void send(PublishJob job) {
        if (job.isDone()) {
            return; // timed out while queued
        }
        if (connector.isBlocked()) {
            job.fail(Errors.of(ErrorKind.OVERLOADED, "RabbitMQ blocks publishing (a memory or disk alarm)"));
            return;
        }
        try {
            ConfirmChannel ch = channel();
            if (!topics.isKnown(job.topic)) {
                if (!probe.exchangeExists(Names.topicExchange(job.topic))) {
                    job.fail(Errors.of(ErrorKind.NOT_FOUND, "topic " + job.topic + " does not exist"));
                    return;
                }
                topics.remember(job.topic);
            }
            for (Message message : job.messages) {
                if (job.isDone()) {
                    return; // refused or timed out: the caller retries the whole job
                }
                ch.publish(job, message);
            }
        } catch (Exception e) {
            LOG.debug("Publish to {} failed", job.topic, e);
            job.fail(e);
        }
    }

    /** The confirming channel, replaced when closed or stuck (a confirmation overdue: its jobs have timed out). */
    private ConfirmChannel channel() throws Exception {
        if (channel != null && channel.isOpen() && channel.isStalled(timeoutNanos)) {
            LOG.warn("RabbitMQ has not confirmed publishes for over {} ms; reopening the channel",
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            channel.abandon();
        }
        if (channel == null || !channel.isOpen()) {
            channel = new ConfirmChannel(connector.openChannel(), topics);
        }
        return channel;
    }
}
