package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.MediaType;

import dev.flashsale.reservation.SaleKeys;
import tools.jackson.databind.JsonNode;

/** Redis loses a sale's state (flushed, restarted without persistence): the ledger brings it back. */
class RebuildFromLedgerTest extends LedgerTestSupport {


    @Test
    void lostRedisStateIsRebuiltFromTheLedgerAndReservationsResume() {
        long saleId = openSale(10, 2);
        String alice = newShopperToken();
        String bob = newShopperToken();
        String paid = reserve(saleId, alice);
        String aliceHeld = reserve(saleId, alice);
        String bobHeld = reserve(saleId, bob);
        String lapsed = reserve(saleId, newShopperToken());
        webhook("evt-rebuild-" + paid, paid, "PAID").expectStatus().isOk();
        assertThat(drained(saleId, Duration.ofSeconds(10)).get("inSync").asBoolean()).isTrue();
        // this hold's deadline passes while Redis is gone
        db.sql("update reservation set expires_at = :past where id = :id").bind("past", Instant.now().minusSeconds(5))
                .bind("id", lapsed).then().block();

        flushSale(saleId);

        client().post().uri("/admin/api/sales/{id}/rebuild", saleId).headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.available").isEqualTo(7).jsonPath("$.held").isEqualTo(2)
                .jsonPath("$.sold").isEqualTo(1).jsonPath("$.total").isEqualTo(10);

        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(alice)).exchange().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo(aliceHeld);
        post(saleId, alice).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/limit-exceeded");
        post(saleId, bob).expectStatus().isCreated();
        client().delete().uri("/api/reservations/{id}", bobHeld).headers(h -> h.setBearerAuth(bob)).exchange()
                .expectStatus().isNoContent();
        assertThat(reservationRow(lapsed).get("status")).isEqualTo("EXPIRED");

        JsonNode report = drained(saleId, Duration.ofSeconds(10));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("redis").get("available").asLong()).isEqualTo(7);
    }

    @Test
    void aSaleWithoutLedgerHistoryGetsFreshStockOnItsFirstReservation() {
        long saleId = openSale(5, 1);
        flushSale(saleId);
        post(saleId, newShopperToken()).expectStatus().isCreated();
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(4).jsonPath("$.held").isEqualTo(1);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange();
    }

    private void flushSale(long saleId) {
        String pattern = new SaleKeys(saleId).prefix() + "*";
        redis.scan(ScanOptions.scanOptions().match(pattern).count(1_000).build())
                .collectList().flatMap(keys -> keys.isEmpty() ? reactor.core.publisher.Mono.just(0L)
                        : redis.delete(keys.toArray(String[]::new)))
                .block();
        assertThat(redis.hasKey(new SaleKeys(saleId).stock()).block()).isFalse();
    }
}
