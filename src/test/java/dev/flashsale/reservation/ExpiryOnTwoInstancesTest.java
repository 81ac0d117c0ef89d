package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import dev.flashsale.support.SecondInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Listener and sweeper on this instance and on a second full instance sharing Redis and Postgres. */
class ExpiryOnTwoInstancesTest extends ExpiryScenario {

    private ConfigurableApplicationContext second;

    @BeforeEach
    void startSecondInstance() {
        second = SecondInstance.start("flashsale.reservation.hold-duration=2s", "flashsale.reservation.sweep-interval=100ms");
    }

    @AfterEach
    void stopSecondInstance() {
        second.close();
    }

    @Autowired
    MeterRegistry registry;

    @Test
    void bothInstancesExpiringTheSameHoldsReturnEachOnce() {
        MeterRegistry secondRegistry = second.getBean(MeterRegistry.class);
        double firstBefore = restored(registry);
        double secondBefore = restored(secondRegistry);

        everyHoldReturnsToStockExactlyOnce();

        double byFirst = restored(registry) - firstBefore;
        double bySecond = restored(secondRegistry) - secondBefore;
        assertThat(byFirst + bySecond).as("restores counted over both instances").isEqualTo(HOLDS);
        assertThat(byFirst).as("holds this instance expired").isPositive();
        assertThat(bySecond).as("holds the second instance expired").isPositive();
    }

    /** Holds whose units this instance put back, by the sweeper or the listener. */
    private static double restored(MeterRegistry registry) {
        return registry.find("flashsale.expiry.restored").counters().stream().mapToDouble(Counter::count).sum();
    }
}
