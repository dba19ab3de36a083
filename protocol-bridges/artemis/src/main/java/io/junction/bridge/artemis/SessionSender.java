package io.junction.bridge.artemis;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;

import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.JobSender;
import io.junction.bridge.support.PublishJob;
import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * Sends the jobs of one publisher thread on the thread's own session. The broker confirms each message after
 * its journal sync, and reports a refused asynchronous send through {@code sendFailed} (Artemis 2.7+ brokers).
 */
final class SessionSender implements JobSender {
    private final ArtemisConnection connection;
    private final ExistenceCache addresses;
    private ClientSession session;
    private ClientProducer producer;

    SessionSender(ArtemisConnection connection, ExistenceCache addresses) {
        this.connection = connection;
        this.addresses = addresses;
    }

    @Override
    public void send(PublishJob job) throws Exception {
        job.result().whenComplete((receipts, failure) -> {
            if (failure != null && BackendException.kindOf(failure) == ErrorKind.NOT_FOUND) {
                addresses.forget(job.topic());
            }
        });
        ClientProducer p = producer();
        SimpleString address = SimpleString.of(job.topic());
        if (!addresses.isKnown(job.topic())) {
            if (!session.addressQuery(address).isExists()) {
                job.fail(Errors.of(ErrorKind.NOT_FOUND, "topic " + job.topic() + " does not exist"));
                return;
            }
            addresses.remember(job.topic());
        }
        SendAcknowledgementHandler confirmations = confirmationsOf(job);
        for (Message message : job.messages()) {
            if (job.isDone()) {
                return; // refused or timed out: the caller retries the whole job
            }
            p.send(address, MessageCodec.encode(session, message, true), confirmations);
        }
    }

    /** Called by the Artemis client on its own thread: keep it short. */
    private static SendAcknowledgementHandler confirmationsOf(PublishJob job) {
        return new SendAcknowledgementHandler() {
            @Override
            public void sendAcknowledged(org.apache.activemq.artemis.api.core.Message message) {
                job.confirmOne();
            }

            @Override
            public void sendFailed(org.apache.activemq.artemis.api.core.Message message, Exception e) {
                job.fail(e);
            }
        };
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
