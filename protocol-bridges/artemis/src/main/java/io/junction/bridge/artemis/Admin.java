package io.junction.bridge.artemis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSession.AddressQuery;
import org.apache.activemq.artemis.api.core.client.ClientSession.QueueQuery;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.Threads;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscriptionSpec;

/**
 * Provisioning and health checks, run one at a time on the backend's admin thread with its own session.
 * The core client cannot delete an address, so deletions go through the broker's management address
 * (the user needs the {@code manage} permission there).
 */
final class Admin {
    private final ArtemisConnection connection;
    private final ArtemisConnection publishing;
    private final ArtemisSettings settings;
    private final ExistenceCache addresses;
    private final Completions completions;
    private final ExecutorService executor;
    private ClientSession session; // admin thread only

    /** Uses {@code connection} for its session; connects and checks {@code publishing} too. */
    Admin(String backendName, ArtemisConnection connection, ArtemisConnection publishing, ArtemisSettings settings,
          ExistenceCache addresses, Completions completions) {
        this.connection = connection;
        this.publishing = publishing;
        this.settings = settings;
        this.addresses = addresses;
        this.completions = completions;
        this.executor = Executors.newSingleThreadExecutor(Threads.named("junction-artemis-" + backendName + "-admin"));
    }

    /** Opens both connections (and the admin session). */
    CompletableFuture<Void> connect() {
        return call(s -> {
            publishing.connect();
            return null;
        });
    }

    CompletableFuture<Void> checkHealth() {
        return call(s -> {
            if (!connection.isConnected() || !publishing.isConnected()) {
                throw Errors.of(ErrorKind.RETRIABLE, "not connected to Artemis at " + settings.url());
            }
            s.addressQuery(SimpleString.of(settings.managementAddress())); // one round trip
            return null;
        });
    }

    CompletableFuture<Boolean> ensureTopic(String topic) {
        return call(s -> {
            SimpleString address = SimpleString.of(topic);
            AddressQuery existing = s.addressQuery(address);
            boolean created = !existing.isExists();
            if (created) {
                s.createAddress(address, RoutingType.MULTICAST, false);
            } else if (!existing.isSupportsMulticast()) {
                throw Errors.of(ErrorKind.TERMINAL, "address " + topic + " exists without multicast routing");
            }
            addresses.remember(topic);
            return created;
        });
    }

    CompletableFuture<Boolean> deleteTopic(String topic) {
        return call(s -> {
            addresses.forget(topic);
            if (!s.addressQuery(SimpleString.of(topic)).isExists()) {
                return false;
            }
            manage(s, "deleteAddress", topic, true); // forced: its queues and their messages go too
            addresses.forget(topic);
            return true;
        });
    }

    CompletableFuture<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return call(s -> {
            SimpleString queue = SimpleString.of(spec.name());
            QueueQuery existing = s.queueQuery(queue);
            if (existing.isExists()) {
                checkBoundToTopic(existing, spec);
                return false;
            }
            try {
                // fails with ADDRESS_DOES_NOT_EXIST (NOT_FOUND) when the topic is missing
                s.createQueue(QueueConfiguration.of(queue).setAddress(spec.topic())
                        .setRoutingType(RoutingType.MULTICAST).setDurable(true).setAutoCreateAddress(false));
                return true;
            } catch (ActiveMQQueueExistsException raced) {
                checkBoundToTopic(s.queueQuery(queue), spec);
                return false;
            }
        });
    }

    CompletableFuture<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return call(s -> {
            QueueQuery existing = s.queueQuery(SimpleString.of(spec.name()));
            if (!existing.isExists() || !spec.topic().equals(String.valueOf(existing.getAddress()))) {
                return false;
            }
            manage(s, "destroyQueue", spec.name(), true); // closes its consumers, drops its messages
            return true;
        });
    }

    /** Lets queued operations finish (each bounded by the call timeout), then ends the thread. */
    void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private static void checkBoundToTopic(QueueQuery queue, SubscriptionSpec spec) {
        if (!spec.topic().equals(String.valueOf(queue.getAddress())) || queue.getRoutingType() != RoutingType.MULTICAST) {
            throw Errors.of(ErrorKind.TERMINAL, "queue " + spec.name() + " already exists on address "
                    + queue.getAddress() + " (" + queue.getRoutingType() + "), not as a subscription of " + spec.topic());
        }
    }

    private void manage(ClientSession s, String operation, Object... args) throws Exception {
        // a temporary reply queue for this one call
        ClientRequestor requestor = new ClientRequestor(s, SimpleString.of(settings.managementAddress()));
        try {
            ClientMessage request = s.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, operation, args);
            ClientMessage reply = requestor.request(request, settings.callTimeoutMs());
            if (reply == null) {
                throw Errors.of(ErrorKind.RETRIABLE, "no answer from Artemis management to " + operation);
            }
            if (!ManagementHelper.hasOperationSucceeded(reply)) {
                throw Errors.of(ErrorKind.TERMINAL, "Artemis management refused " + operation + ": "
                        + ManagementHelper.getResult(reply));
            }
        } finally {
            requestor.close();
        }
    }

    private <T> CompletableFuture<T> call(Operation<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    completions.complete(result, operation.run(session()));
                } catch (Exception e) {
                    completions.fail(result, e);
                }
            });
        } catch (RejectedExecutionException closed) {
            completions.fail(result, Errors.closed());
        }
        return result;
    }

    private ClientSession session() throws Exception {
        if (session == null || session.isClosed()) {
            ClientSession fresh = connection.createSession();
            fresh.start(); // management replies are consumed
            session = fresh;
        }
        return session;
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run(ClientSession session) throws Exception;
    }
}
