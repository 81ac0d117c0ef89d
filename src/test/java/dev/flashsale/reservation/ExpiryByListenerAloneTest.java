package dev.flashsale.reservation;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "flashsale.reservation.sweeper-enabled=false")
class ExpiryByListenerAloneTest extends ExpiryScenario {

    @Test
    void expiredKeyEventsAloneReturnEveryHold() {
        everyHoldReturnsToStockExactlyOnce();
    }
}
