package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flashsale.support.TestServers;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "flashsale.reservation.listener-enabled=false")
class ExpiryBySweeperAloneTest extends ExpiryScenario {

    /** As on a managed Redis that has notifications off: nothing but the sweeper can help. */
    @BeforeEach
    void notificationsOff() {
        TestServers.setRedisConfig("notify-keyspace-events", "");
    }

    @org.junit.jupiter.api.AfterEach
    void notificationsBackOn() {
        TestServers.setRedisConfig("notify-keyspace-events", "Ex");
    }

    @Test
    void sweeperAloneReturnsEveryHold() {
        everyHoldReturnsToStockExactlyOnce();
    }

    @Test
    void holdsStillExpireWhenTheSaleEndIsMovedFarIntoThePast() {
        long saleId = openSale(3, 1);
        String shopper = newShopperToken();
        String holdId = client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(shopper))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        JsonNode sale = client().get().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        Instant now = Instant.now();
        client().put().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", sale.get("productId").asLong(), "salePrice", sale.get("salePrice").asLong(),
                        "totalQuantity", 3, "perUserLimit", 1, "startsAt", now.minus(Duration.ofHours(3)).toString(),
                        "endsAt", now.minus(Duration.ofHours(2)).toString(), "version", sale.get("version").asLong()))
                .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> stock(saleId).get("available").asLong() == 3);

        JsonNode stock = stock(saleId);
        assertThat(stock.get("held").asLong()).isZero();
        assertThat(stock.get("sold").asLong()).isZero();
        assertThat(stock.get("total").asLong()).isEqualTo(3);
        SaleKeys keys = new SaleKeys(saleId);
        // from Redis, or from the ledger once the consumer has purged the closed hold
        client().get().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(shopper)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        assertThat(redis.opsForZSet().size(keys.deadlines()).block()).isZero();
        assertThat(redis.opsForStream().range(keys.events(), org.springframework.data.domain.Range.unbounded())
                .filter(e -> "EXPIRED".equals(e.getValue().get("type"))).map(e -> e.getValue().get("hold"))
                .collectList().block()).containsExactly(holdId);
    }
}
