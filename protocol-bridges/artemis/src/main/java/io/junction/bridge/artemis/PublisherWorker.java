package io.junction.bridge.artemis;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * One publisher thread with its own session. Sends are asynchronous: the thread only writes, the broker's
 * confirmations complete the jobs, so one session keeps many messages in flight while sends on it stay in
 * order.
 */
final class PublisherWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherWorker.class);

    private final ArtemisConnection connection;
    private final AddressCache addresses;
    private final long pollMs;
    private final BlockingQueue<PublishJob> queue = new LinkedBlockingQueue<>();
    private volatile boolean draining;
    private ClientSession session;
    private ClientProducer producer;

    PublisherWorker(ArtemisConnection connection, AddressCache addresses, long pollMs) {
        this.connection = connection;
        this.addresses = addresses;
        this.pollMs = pollMs;
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
                PublishJob job = queue.poll(pollMs, TimeUnit.MILLISECONDS);
                if (job != null) {
                    send(job);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the session is closed with the connection, after its last confirmations arrived
    }

    private void send(PublishJob job) {
        if (job.isDone()) {
            return; // timed out while queued
        }
        try {
            ClientProducer p = producer();
            SimpleString address = SimpleString.of(job.topic);
            if (!addresses.isKnown(job.topic)) {
                if (!session.addressQuery(address).isExists()) {
                    job.fail(Errors.of(ErrorKind.NOT_FOUND, "topic " + job.topic + " does not exist"));
                    return;
                }
                addresses.remember(job.topic);
            }
            for (Message message : job.messages) {
                if (job.isDone()) {
                    return; // refused or timed out: the caller retries the whole job
                }
                p.send(address, MessageCodec.encode(session, message, true), job);
            }
        } catch (Exception e) {
            LOG.debug("Publish to {} failed", job.topic, e);
            job.fail(e);
        }
    }

    private ClientProducer producer() throws Exception {
        if (session == null || session.isClosed()) {
            ClientSession fresh = connection.createSession();
            try {
                producer = fresh.createProducer();
            } catch (Exception e) {
                fresh.close();
                throw e;
            }
            session = fresh;
        }
        return producer;
    }
}
