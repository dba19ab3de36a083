package io.junction.core.idempotency;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.junction.core.state.StateStore;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.junction.core.idempotency.MvStoreIdempotencyStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotentPublisherTest {
    @TempDir
    Path dataDir;

    private final Vertx vertx = Vertx.vertx();
    private StateStore state;
    private MvStoreIdempotencyStore store;
    private IdempotentPublisher publisher;
    /** What reached the broker, one list per send. */
    private final List<List<String>> sends = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        state = StateStore.open(dataDir, 16);
        store = new MvStoreIdempotencyStore(vertx, state, Duration.ofMinutes(10));
        publisher = new IdempotentPublisher(vertx, store);
    }

    @AfterEach
    void close() {
        store.close();
        state.close();
        await(vertx.close());
    }

    /** A broker that accepts everything, numbering the messages it stores. */
    private Future<List<PublishReceipt>> accept(List<Message> messages) {
        sends.add(messages.stream().map(Message::id).toList());
        List<PublishReceipt> receipts = new ArrayList<>();
        for (Message m : messages) {
            receipts.add(new PublishReceipt(m.id(), "pos-" + sends.size() + "-" + m.id(), false));
        }
        return Future.succeededFuture(receipts);
    }

    private List<PublishReceipt> publish(Message... messages) {
        return await(publisher.publish("t", List.of(messages), Set.of(), this::accept));
    }

    @Test
    void generatedIdsAreNeitherLookedUpNorRecorded() {
        List<PublishReceipt> first = await(publisher.publish("t", List.of(message("g", "x")), Set.of("g"), this::accept));
        assertFalse(first.get(0).duplicate());
        List<PublishReceipt> again = await(publisher.publish("t", List.of(message("g", "x")), Set.of("g"), this::accept));
        assertFalse(again.get(0).duplicate(), "a generated id is not remembered");
    }

    @Test
    void aRepeatAnswersTheFirstReceiptAndSendsNothing() {
        PublishReceipt first = publish(message("a", "body")).get(0);
        assertFalse(first.duplicate());
        PublishReceipt again = publish(message("a", "body")).get(0);
        assertEquals(new PublishReceipt("a", first.position(), true), again);
        assertEquals(List.of(List.of("a")), sends);
    }

    @Test
    void theSameIdWithAnotherPayloadKeyContentTypeOrHeaderIsAConflict() {
        publish(message("a", "body"));
        Instant now = Instant.now();
        Message base = message("a", "body");
        List<Message> others = List.of(
                message("a", "other body"),
                new Message("a", "k", base.headers(), base.contentType(), base.payload(), now),
                new Message("a", base.key(), base.headers(), "application/json", base.payload(), now),
                new Message("a", base.key(), Map.of("x", "1"), base.contentType(), base.payload(), now));
        for (Message other : others) {
            assertConflict(publisher.publish("t", List.of(message("b", "new"), other), Set.of(), this::accept));
        }
        assertEquals(List.of(List.of("a")), sends, "a refused batch sends nothing, not even its new messages");
        assertFalse(publish(new Message("a", base.key(), base.headers(), base.contentType(), base.payload(),
                now.plusSeconds(5))).isEmpty(), "the publish time is the gateway's, not part of the message");
    }

    @Test
    void anIdRepeatedInOneBatchIsSentOnce() {
        List<PublishReceipt> receipts = publish(message("a", "x"), message("b", "y"), message("a", "x"));
        assertEquals(List.of(List.of("a", "b")), sends);
        assertFalse(receipts.get(0).duplicate());
        assertEquals(new PublishReceipt("a", receipts.get(0).position(), true), receipts.get(2));

        JunctionException e = assertThrows(JunctionException.class,
                () -> publisher.publish("t", List.of(message("c", "x"), message("c", "z")), Set.of(), this::accept));
        assertEquals(ErrorType.IDEMPOTENCY_CONFLICT, e.type());
    }

    @Test
    void aConcurrentPublishOfTheSameIdWaitsForTheFirstAndBecomesItsDuplicate() {
        Promise<List<PublishReceipt>> broker = Promise.promise();
        Function<List<Message>, Future<List<PublishReceipt>>> slow = messages -> {
            sends.add(messages.stream().map(Message::id).toList());
            return broker.future();
        };
        Future<List<PublishReceipt>> first = publisher.publish("t", List.of(message("a", "x")), Set.of(), slow);
        Future<List<PublishReceipt>> second = publisher.publish("t", List.of(message("a", "x"), message("b", "y")), Set.of(), this::accept);
        Awaitility.await().until(() -> !sends.isEmpty());
        assertEquals(List.of(List.of("a")), sends, "the second waits while the first is at the broker");
        assertFalse(second.isComplete());
        broker.complete(List.of(new PublishReceipt("a", "1", false)));

        assertEquals(List.of(new PublishReceipt("a", "1", false)), await(first));
        List<PublishReceipt> answered = await(second);
        assertEquals(new PublishReceipt("a", "1", true), answered.get(0));
        assertFalse(answered.get(1).duplicate());
        assertEquals(List.of(List.of("a"), List.of("b")), sends);
    }

    @Test
    void whenTheFirstPublishFailsTheWaitingOnePublishesItself() {
        Promise<List<PublishReceipt>> broker = Promise.promise();
        Future<List<PublishReceipt>> first = publisher.publish("t", List.of(message("a", "x")), Set.of(), messages -> broker.future());
        Future<List<PublishReceipt>> second = publisher.publish("t", List.of(message("a", "x")), Set.of(), this::accept);
        broker.fail(new JunctionException(ErrorType.BACKEND_UNAVAILABLE, "no confirmation"));

        assertThrows(AssertionError.class, () -> await(first), "the first publish fails");
        assertFalse(await(second).get(0).duplicate());
        assertEquals(List.of(List.of("a")), sends);
    }

    @Test
    void theSameIdOnAnotherTopicIsAnotherMessage() {
        publish(message("a", "x"));
        assertFalse(await(publisher.publish("u", List.of(message("a", "other")), Set.of(), this::accept)).get(0).duplicate());
        assertEquals(2, sends.size());
    }

    private static void assertConflict(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a conflict");
        } catch (ExecutionException e) {
            JunctionException je = assertInstanceOf(JunctionException.class, e.getCause());
            assertEquals(ErrorType.IDEMPOTENCY_CONFLICT, je.type());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Message message(String id, String body) {
        return new Message(id, null, Map.of(), "text/plain", body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }
}
