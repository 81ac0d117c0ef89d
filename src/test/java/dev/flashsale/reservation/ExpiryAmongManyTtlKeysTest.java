package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.support.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

/**
 * 20,000 unrelated keys with a TTL make Redis's expiry sampling slow to find the hold shadow keys;
 * the sweeper alone (no listener, notifications off, as on a managed Redis) must still return
 * every hold.
 */
@TestPropertySource(properties = "flashsale.reservation.listener-enabled=false")
class ExpiryAmongManyTtlKeysTest extends ExpiryScenario {

    private static final int UNRELATED = 20_000;

    @Autowired
    MeterRegistry registry;

    @BeforeEach
    void fillWithVolatileKeysAndSwitchNotificationsOff() {
        TestServers.setRedisConfig("notify-keyspace-events", "");
        Flux.range(0, UNRELATED)
                .flatMap(i -> redis.opsForValue().set("unrelated:ttl:" + i, "x", java.time.Duration.ofMinutes(10)), 256)
                .blockLast();
    }

    @AfterEach
    void removeThem() {
        TestServers.setRedisConfig("notify-keyspace-events", "Ex");
        Flux.range(0, UNRELATED).buffer(1_000)
                .concatMap(batch -> redis.delete(Flux.fromIterable(batch).map(i -> "unrelated:ttl:" + i)))
                .blockLast();
    }

    @Test
    void theSweeperAloneReturnsEveryHoldDespiteThousandsOfOtherVolatileKeys() {
        double bySweeper = restored("sweeper");
        double byListener = restored("listener");

        everyHoldReturnsToStockExactlyOnce();

        assertThat(restored("sweeper") - bySweeper).isEqualTo(HOLDS);
        assertThat(restored("listener") - byListener).isZero();
    }

    private double restored(String path) {
        return registry.get("flashsale.expiry.restored").tag("path", path).counter().count();
    }
}
