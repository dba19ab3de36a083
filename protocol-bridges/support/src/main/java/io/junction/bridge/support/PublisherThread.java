package io.junction.bridge.support;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher thread of a {@link PublisherPool}: takes its jobs in order and hands them to its
 * {@link JobSender}. Sends are asynchronous: the thread only writes, the broker's confirmations complete the
 * jobs, so it keeps many messages in flight while its sends stay in order.
 */
final class PublisherThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherThread.class);

    private final JobSender sender;
    private final long pollMs;
    private final BlockingQueue<PublishJob> queue = new LinkedBlockingQueue<>();
    private volatile boolean draining;

    PublisherThread(JobSender sender, long pollMs) {
        this.sender = sender;
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
        sender.close();
    }

    private void send(PublishJob job) {
        if (job.isDone()) {
            return; // timed out while queued
        }
        try {
            sender.send(job);
        } catch (Exception e) {
            LOG.debug("Publish to {} failed", job.topic(), e);
            job.fail(e);
        }
    }
}
