package io.junction.bridge.rabbitmq;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.JobSender;
import io.junction.bridge.support.PublishJob;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * Sends the jobs of one publisher thread on the thread's own confirming channel (AMQP channels are not for
 * concurrent publishing); a job on a blocked connection fails at once as OVERLOADED.
 */
final class ChannelSender implements JobSender {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSender.class);

    private final Connector connector;
    private final ExistenceCache topics;
    private final long timeoutNanos;
    private final ExistenceProbe probe;
    private ConfirmChannel channel;

    ChannelSender(Connector connector, ExistenceCache topics, long callTimeoutMs) {
        this.connector = connector;
        this.topics = topics;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(callTimeoutMs);
        this.probe = new ExistenceProbe(connector);
    }

    @Override
    public void send(PublishJob job) throws Exception {
        if (connector.isBlocked()) {
            job.fail(Errors.of(ErrorKind.OVERLOADED, "RabbitMQ blocks publishing (a memory or disk alarm)"));
            return;
        }
        ConfirmChannel ch = channel();
        if (!topics.isKnown(job.topic())) {
            if (!probe.exchangeExists(Names.topicExchange(job.topic()))) {
                job.fail(Errors.of(ErrorKind.NOT_FOUND, "topic " + job.topic() + " does not exist"));
                return;
            }
            topics.remember(job.topic());
        }
        for (Message message : job.messages()) {
            if (job.isDone()) {
                return; // refused or timed out: the caller retries the whole job
            }
            ch.publish(job, message);
        }
    }

    /** The channel closes with the connection, after its last confirmations arrived; only the probe's is ours. */
    @Override
    public void close() {
        probe.close();
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
