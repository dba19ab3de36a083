package io.junction.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

class SubjectsTest {
    @Test
    void aDottedNameBecomesOneTokenSoTopicsNeverOverlap() {
        assertEquals("orders~eu", Subjects.token("orders.eu"));
        assertEquals("orders~eu.>", Subjects.wildcard("orders.eu"));
        assertEquals("orders.>", Subjects.wildcard("orders"));
        assertEquals(ErrorKind.TERMINAL, assertThrows(BackendException.class, () -> Subjects.token("a b")).kind());
    }

    @Test
    void theShardIsCrc32OfTheKeyOrElseOfTheId() {
        assertEquals(1_241_360_405L % 16, Subjects.shard("customer-42", 16)); // CRC-32 of "customer-42"
        Message keyed = new Message("id-1", "customer-42", Map.of(), null, new byte[0], Instant.now());
        Message unkeyed = new Message("customer-42", null, Map.of(), null, new byte[0], Instant.now());
        assertEquals(Subjects.subject("t", keyed, 16), Subjects.subject("t", unkeyed, 16));
        assertEquals("t." + Subjects.shard("customer-42", 16), Subjects.subject("t", keyed, 16));
    }

    @Test
    void theLaneIsTheSubjectAfterTheStreamToken() {
        assertEquals("7", Subjects.lane("orders~eu", "orders~eu.7"));
        assertEquals("a.b", Subjects.lane("orders", "orders.a.b"));
    }
}
