package io.junction.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderTextTest {
    @Test
    void printableAsciiValuesStayAsTheyAre() {
        assertEquals("abc-123 x/y", HeaderText.encodeValue("abc-123 x/y"));
        assertEquals("50%", HeaderText.encodeValue("50%"));
    }

    @Test
    void otherValuesBecomeEncodedWordsAndEveryValueComesBack() {
        assertEquals("=?UTF-8?B?Z3LDvMOfZQ==?=", HeaderText.encodeValue("grüße"));
        for (String v : List.of("", "grüße ✓", "line\nbreak", "tab\there", "=?UTF-8?B?Zm9v?=", "=?", "plain")) {
            assertEquals(v, HeaderText.decodeValue(HeaderText.encodeValue(v)), v);
        }
    }

    @Test
    void namesAreEscapedOnlyWhereNatsForbidsAndComeBack() {
        assertEquals("x-trace", HeaderText.encodeName("x-trace"));
        assertEquals("a%3Ab%20c%25d%C3%BC", HeaderText.encodeName("a:b c%dü"));
        for (String n : List.of("x-trace", "a:b c%dü", "%41", "✓")) {
            assertEquals(n, HeaderText.decodeName(HeaderText.encodeName(n)), n);
        }
    }
}
