package io.junction.bridge.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExistenceCacheTest {
    @Test
    void aRememberedNameIsKnownUntilForgotten() {
        ExistenceCache cache = new ExistenceCache(60_000);
        assertFalse(cache.isKnown("t"));
        cache.remember("t");
        assertTrue(cache.isKnown("t"));
        cache.forget("t");
        assertFalse(cache.isKnown("t"));
    }

    @Test
    void aNameExpires() throws InterruptedException {
        ExistenceCache cache = new ExistenceCache(20);
        cache.remember("t");
        Thread.sleep(50);
        assertFalse(cache.isKnown("t"));
    }

    @Test
    void zeroKeepsNothing() {
        ExistenceCache cache = new ExistenceCache(0);
        cache.remember("t");
        assertFalse(cache.isKnown("t"));
    }
}
