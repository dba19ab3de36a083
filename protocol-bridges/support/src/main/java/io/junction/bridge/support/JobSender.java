package io.junction.bridge.support;

/**
 * The broker-specific half of a publisher thread: sends jobs on the thread's own session or channel. Used by
 * that one thread only, so it needs no locking.
 */
public interface JobSender {
    /**
     * Sends the job's messages, asynchronously confirmed through {@link PublishJob#confirmOne} and
     * {@link PublishJob#fail}. Stops once the job is done; an exception fails the job.
     */
    void send(PublishJob job) throws Exception;

    /** Releases what the thread held, after its last job. */
    default void close() {
    }
}
