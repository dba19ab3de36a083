package io.junction.bridge.rabbitmq;

import static io.junction.bridge.rabbitmq.Broker.await;
import static io.junction.bridge.rabbitmq.Broker.body;
import static io.junction.bridge.rabbitmq.Broker.failureKind;
import static io.junction.bridge.rabbitmq.Broker.message;
import static io.junction.bridge.rabbitmq.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** What the TCK does not pin down: the RabbitMQ mapping's own promises, against a real broker. */
class RabbitMqBackendTest {
    Backend backend;
    Connection nativeClient;

    @BeforeEach
    void start() throws Exception {
        backend = new RabbitMqBackendFactory().create("unit", SharedBroker.settings());
        await(backend.start());
        nativeClient = Broker.nativeConnection(SharedBroker.broker());
    }

    @AfterEach
    void stop() throws Exception {
        nativeClient.close();
        await(backend.close());
    }

    @Test
    void aTopicWithoutSubscriptionsAcceptsPublishesAndKeepsNothing() throws Exception {
        String topic = unique("lonely");
        await(backend.ensureTopic(new TopicSpec(topic)));
        Message sent = message("k", "nobody listens");
        assertEquals(sent.id(), await(backend.publish(topic, sent)).id());

        SubscriptionSpec late = new SubscriptionSpec(unique("late"), topic);
        await(backend.ensureSubscription(late));
        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(late, new SubscribeOptions(4), sink);
        sink.staysEmpty(Duration.ofMillis(500));
        await(subscriber.close());
    }

    @Test
    void aMessageRoutedToNoQueueFailsAndEnsuringTheTopicRepairsIt() throws Exception {
        String topic = unique("damaged");
        await(backend.ensureTopic(new TopicSpec(topic)));
        try (Channel channel = nativeClient.createChannel()) {
            channel.queueDelete(Names.discardQueue(topic));
        }
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.publish(topic, message(null, "returned"))));

        assertFalse(await(backend.ensureTopic(new TopicSpec(topic))), "the exchange existed");
        await(backend.publish(topic, message(null, "routed again")));
    }

    @Test
    void aKeyKeepsItsShardAcrossSubscribersAndKeysSpreadOverTheShards() throws Exception {
        SubscriptionSpec sub = subscription("lanes");
        Map<String, String> laneOfKey = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 20; k++) {
                await(backend.publish(sub.topic(), message("key-" + k, "round " + round)));
            }
            Broker.Sink sink = new Broker.Sink();
            Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(50), sink);
            for (int i = 0; i < 20; i++) {
                Delivery d = sink.next();
                assertEquals(laneOfKey.computeIfAbsent(d.message().key(), k -> d.lane()), d.lane(), "lane of " + d.message().key());
                await(d.ack());
            }
            await(subscriber.close());
        }
        assertEquals(Set.of(Names.shardQueue(sub.name(), 0), Names.shardQueue(sub.name(), 1)), new HashSet<>(laneOfKey.values()),
                "20 keys use both shards");
    }

    @Test
    void redeliveriesAfterASubscriberClosesKeepTheKeysOrderAndCountTheAttempt() throws Exception {
        SubscriptionSpec sub = subscription("reorder");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(message("K", Integer.toString(i)));
        }
        await(backend.publishBatch(sub.topic(), batch));
        Broker.Sink first = new Broker.Sink();
        Subscriber holder = backend.subscribe(sub, new SubscribeOptions(100), first);
        Broker.waiting().until(() -> first.received.size() == 50);
        await(holder.close()); // nothing settled: all 50 go back

        Broker.Sink second = new Broker.Sink();
        Subscriber next = backend.subscribe(sub, new SubscribeOptions(100), second);
        for (int i = 0; i < 50; i++) {
            Delivery d = second.next();
            assertEquals(Integer.toString(i), body(d));
            assertEquals(2, d.attempt());
            await(d.ack());
        }
        await(next.close());
    }

    @Test
    void aSubscriberResumesByItselfWhenItsSubscriptionIsDeletedAndCreatedAgain() throws Exception {
        SubscriptionSpec sub = subscription("recreated");
        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        await(backend.publish(sub.topic(), message("k", "first")));
        await(sink.next().ack());

        assertTrue(await(backend.deleteSubscription(sub)));
        // gone for a moment: RabbitMQ 3.10 sends consumers no cancel for a quorum queue re-declared at once
        Broker.waiting().during(Duration.ofMillis(300)).until(() -> !queueExists(Names.shardQueue(sub.name(), 0)));
        assertTrue(await(backend.ensureSubscription(sub)));
        Broker.waiting().ignoreExceptions().until(() -> {
            await(backend.publish(sub.topic(), message("k", "second")));
            return true;
        });
        assertEquals("second", body(sink.next()));
        await(subscriber.close());
    }

    @Test
    void deletingATopicDeletesItsSubscriptionsQueuesAndExchanges() throws Exception {
        SubscriptionSpec one = subscription("doomed");
        SubscriptionSpec two = new SubscriptionSpec(unique("doomed-too"), one.topic());
        await(backend.ensureSubscription(two));
        await(backend.publish(one.topic(), message("k", "dropped with its topic")));

        assertTrue(await(backend.deleteTopic(one.topic())));
        for (String absent : List.of(Names.shardQueue(one.name(), 0), Names.shardQueue(one.name(), 1),
                Names.shardQueue(two.name(), 0), Names.discardQueue(one.topic()))) {
            assertFalse(queueExists(absent), absent + " is gone");
        }
        assertEquals(ErrorKind.NOT_FOUND, failureKind(backend.publish(one.topic(), message("k", "too late"))));
        assertFalse(await(backend.deleteTopic(one.topic())));
    }

    @Test
    void anExistingSubscriptionKeepsItsNumberOfShards() throws Exception {
        SubscriptionSpec sub = subscription("stable"); // two shards
        Map<String, Object> settings = new HashMap<>(SharedBroker.settings());
        settings.put("shards", 5);
        Backend wider = new RabbitMqBackendFactory().create("wider", settings);
        try {
            await(wider.start());
            assertFalse(await(wider.ensureSubscription(sub)));
            assertTrue(queueExists(Names.shardQueue(sub.name(), 1)));
            assertFalse(queueExists(Names.shardQueue(sub.name(), 2)), "no shard added: keys keep their shards");
        } finally {
            await(wider.close());
        }
    }

    @Test
    void aNackWithADelayStillPendingFailsClosedWhenTheSubscriberCloses() throws Exception {
        SubscriptionSpec sub = subscription("delayed");
        await(backend.publish(sub.topic(), message(null, "later")));
        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        var nack = d.nack(Duration.ofMinutes(5));
        await(subscriber.close());
        assertEquals(ErrorKind.CLOSED, failureKind(nack));

        Broker.Sink again = new Broker.Sink();
        Subscriber next = backend.subscribe(sub, new SubscribeOptions(4), again);
        Delivery redelivered = again.next();
        assertEquals("later", body(redelivered));
        assertEquals(2, redelivered.attempt());
        await(redelivered.ack());
        await(next.close());
    }

    @Test
    void settingsAreValidatedAllAtOnceAndThePasswordIsNeverPrinted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RabbitMqSettings.parse(
                Map.of("uri", "http://nope", "shards", 0, "colour", "blue", "managementUrl", "ftp://x")));
        for (String named : List.of("uri", "shards", "colour", "managementUrl")) {
            assertTrue(e.getMessage().contains(named + ":"), e.getMessage());
        }
        RabbitMqSettings s = RabbitMqSettings.parse(Map.of("uri", "amqp://app:s3cret@mq.example:5673/prod"));
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertEquals("http://mq.example:15672", s.managementUrl());
        assertEquals(4, s.shards());
    }

    private SubscriptionSpec subscription(String name) throws Exception {
        SubscriptionSpec sub = new SubscriptionSpec(unique(name), unique(name + "-topic"));
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
        return sub;
    }

    private boolean queueExists(String queue) throws Exception {
        try (Channel channel = nativeClient.createChannel()) {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (java.io.IOException e) {
            return false; // 404: the broker closed the channel
        }
    }
}
