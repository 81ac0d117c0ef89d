package dev.flashsale.reservation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.flashsale.FlashSaleApplication;
import dev.flashsale.support.TestServers;

/** Listener and sweeper on this instance and on a second full instance sharing Redis and Postgres. */
class ExpiryOnTwoInstancesTest extends ExpiryScenario {

    private ConfigurableApplicationContext second;

    @BeforeEach
    void startSecondInstance() {
        TestServers.Endpoints servers = TestServers.get();
        second = new SpringApplicationBuilder(FlashSaleApplication.class).run(
                "--server.port=0", "--flashsale.embedded.enabled=false", "--flashsale.demo.enabled=false",
                "--spring.data.redis.host=" + servers.redisHost(), "--spring.data.redis.port=" + servers.redisPort(),
                "--spring.r2dbc.url=" + servers.r2dbcUrl(), "--spring.r2dbc.username=" + servers.username(),
                "--spring.r2dbc.password=" + servers.password(), "--flashsale.security.jwt.secret=" + JWT_SECRET,
                "--flashsale.reservation.hold-duration=2s", "--flashsale.reservation.sweep-interval=100ms");
    }

    @AfterEach
    void stopSecondInstance() {
        second.close();
    }

    @Test
    void bothInstancesExpiringTheSameHoldsReturnEachOnce() {
        everyHoldReturnsToStockExactlyOnce();
    }
}
