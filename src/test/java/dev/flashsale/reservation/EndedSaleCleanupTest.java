package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.flashsale.support.IntegrationTest;

class EndedSaleCleanupTest extends IntegrationTest {

    @Autowired
    StockEngine engine;
    @Autowired
    EndedSaleCleanup cleanup;
    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void deletesIdempotencyAndShopperDataOfLongEndedSalesOnceAndKeepsTheRecord() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant end = Instant.now().minus(Duration.ofHours(3));
        long ended = createSale(productId, 5_000, 10, 2, end.minus(Duration.ofHours(2)), end).get("id").asLong();
        long open = openSale(10, 2);
        String heldId = engine.reserve(ended, HoldId.next(ended), "alice", 1, "key-1", 1_000,
                String.valueOf(end.minus(Duration.ofHours(1)).toEpochMilli())).block().holdId();
        engine.reserve(open, HoldId.next(open), "alice", 1, "key-1", 600_000, "").block();
        SaleKeys endedKeys = new SaleKeys(ended);
        SaleKeys openKeys = new SaleKeys(open);
        assertThat(redis.hasKey(endedKeys.idempotency()).block()).isTrue();

        assertThat(cleanup.cleanDueSales().block()).isGreaterThanOrEqualTo(1);

        assertThat(redis.hasKey(endedKeys.idempotency()).block()).isFalse();
        assertThat(redis.hasKey(endedKeys.users()).block()).isFalse();
        assertThat(redis.hasKey(endedKeys.shopperHolds("alice")).block()).isFalse();
        assertThat(redis.hasKey(endedKeys.hold(heldId)).block()).as("hold record kept").isTrue();
        assertThat(redis.opsForHash().get(endedKeys.stock(), "total").block()).isEqualTo("10");
        assertThat(redis.hasKey(openKeys.idempotency()).block()).as("open sale untouched").isTrue();
        assertThat(redis.hasKey(openKeys.shopperHolds("alice")).block()).isTrue();
    }
}
