package io.junction.bridge.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingsReaderTest {
    @Test
    void absentValuesGiveTheirFallbacks() {
        SettingsReader r = new SettingsReader(null, Set.of("url", "n"));
        assertEquals("tcp://x", r.string("url", "tcp://x"));
        assertEquals(7, r.number("n", 7, 1, 10));
        r.throwIfInvalid("Test");
    }

    @Test
    void numbersMayBeGivenAsText() {
        SettingsReader r = new SettingsReader(Map.of("n", " 5 "), Set.of("n"));
        assertEquals(5, r.number("n", 7, 1, 10));
    }

    @Test
    void everyProblemIsNamedAtOnceUnknownKeysFirst() {
        SettingsReader r = new SettingsReader(Map.of("zz", 1, "n", 99, "s", " ", "url", "x"), Set.of("n", "s", "url"));
        assertEquals(7, r.number("n", 7, 1, 10));
        assertEquals("fallback", r.string("s", "fallback"));
        r.problem("url: not a URL");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.throwIfInvalid("Test"));
        assertEquals("invalid Test settings: zz: unknown setting (known: [n, s, url]); n: must be between 1 and 10 "
                + "(got 99); s: must be a non-empty string (got ' '); url: not a URL", e.getMessage());
    }

    @Test
    void aSecretIsNotRepeatedInItsProblem() {
        SettingsReader r = new SettingsReader(Map.of("uri", 42), Set.of("uri"));
        r.secretString("uri", "amqp://");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.throwIfInvalid("Test"));
        assertEquals("invalid Test settings: uri: must be a non-empty string", e.getMessage());
    }

    @Test
    void anyStringAcceptsBlank() {
        SettingsReader r = new SettingsReader(Map.of("prefix", ""), Set.of("prefix"));
        assertEquals("", r.anyString("prefix", "p-"));
        r.throwIfInvalid("Test");
    }
}
