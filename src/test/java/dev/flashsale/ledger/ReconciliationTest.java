package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.flashsale.reservation.SaleKeys;
import tools.jackson.databind.JsonNode;

class ReconciliationTest extends LedgerTestSupport {


    @Test
    void aSaleNobodyHasReservedYetIsInSyncNotDrifting() {
        long open = openSale(50, 1);
        long productId = createProduct(10_000).get("id").asLong();
        long upcoming = createSale(productId, 7_000, 20, 1, Instant.now().plus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofHours(2))).get("id").asLong();
        for (long saleId : new long[] {open, upcoming}) {
            forgetInRedis(saleId); // as on a fresh start: Redis has nothing for a sale until its first reserve
            JsonNode report = reconciliation(saleId);
            assertThat(report.get("inSync").asBoolean()).as("sale %d: %s", saleId, report).isTrue();
            assertThat(report.at("/redis/available").asLong()).isEqualTo(report.at("/ledger/available").asLong());
        }
    }

    private void forgetInRedis(long saleId) {
        redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
                .match(new SaleKeys(saleId).prefix() + "*").count(1000).build())
                .collectList().flatMap(keys -> keys.isEmpty() ? reactor.core.publisher.Mono.just(0L)
                        : redis.delete(keys.toArray(String[]::new)))
                .block();
    }

    @Test
    void redisStateLostForASaleWithReservationsIsStillDrift() {
        long saleId = openSale(10, 1);
        reserve(saleId, newShopperToken());
        assertThat(drained(saleId, Duration.ofSeconds(10)).get("inSync").asBoolean()).isTrue();
        redis.delete(new SaleKeys(saleId).stock()).block();
        assertThat(reconciliation(saleId).get("inSync").asBoolean()).isFalse();
    }
}
