package io.junction.bridge.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.junction.spi.ErrorKind;

class SettleOnceTest {
    @Test
    void theSecondClaimIsNotFoundUntilTheFirstIsGivenBack() {
        SettleOnce settlement = new SettleOnce();
        assertNull(settlement.claim(false, "sub"));
        assertEquals(ErrorKind.NOT_FOUND, settlement.claim(false, "sub").kind());
        settlement.unclaim();
        assertNull(settlement.claim(false, "sub"));
    }

    @Test
    void aClosingSubscriberRefusesWithoutClaiming() {
        SettleOnce settlement = new SettleOnce();
        assertEquals(ErrorKind.CLOSED, settlement.claim(true, "sub").kind());
        assertNull(settlement.claim(false, "sub"));
    }
}
