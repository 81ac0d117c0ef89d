package dev.flashsale.reservation;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "flashsale.reservation.listener-enabled=false")
class ExpiryBySweeperAloneTest extends ExpiryScenario {

    /** As on a managed Redis that has notifications off: nothing but the sweeper can help. */
    @BeforeEach
    void notificationsOff() {
        redis.execute(c -> c.serverCommands().setConfig("notify-keyspace-events", "")).blockLast();
    }

    @org.junit.jupiter.api.AfterEach
    void notificationsBackOn() {
        redis.execute(c -> c.serverCommands().setConfig("notify-keyspace-events", "Ex")).blockLast();
    }

    @Test
    void sweeperAloneReturnsEveryHold() {
        everyHoldReturnsToStockExactlyOnce();
    }
}
