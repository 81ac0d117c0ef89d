package dev.flashsale.reservation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/**
 * 20,000 unrelated keys with a TTL make Redis's expiry sampling slow to find the hold shadow keys;
 * the sweeper must still return every hold.
 */
class ExpiryAmongManyTtlKeysTest extends ExpiryScenario {

    private static final int UNRELATED = 20_000;

    @BeforeEach
    void fillWithVolatileKeys() {
        Flux.range(0, UNRELATED)
                .flatMap(i -> redis.opsForValue().set("unrelated:ttl:" + i, "x", java.time.Duration.ofMinutes(10)), 256)
                .blockLast();
    }

    @AfterEach
    void removeThem() {
        Flux.range(0, UNRELATED).buffer(1_000)
                .concatMap(batch -> redis.delete(Flux.fromIterable(batch).map(i -> "unrelated:ttl:" + i)))
                .blockLast();
    }

    @Test
    void everyHoldReturnsDespiteThousandsOfOtherVolatileKeys() {
        everyHoldReturnsToStockExactlyOnce();
    }
}
