package dev.flashsale.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.flashsale.catalog.Sale;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.ReservationStatus;
import dev.flashsale.support.IntegrationTest;

/**
 * A hold taken on another instance can name a sale this instance's catalog has not loaded yet:
 * checkout then answers a retryable 503, not a 500.
 */
class CheckoutBeforeCatalogTest extends IntegrationTest {

    @Autowired
    Holds holds;

    @Test
    void checkoutOfAHoldWhoseSaleThisInstanceDoesNotKnowYetIsARetryable503() {
        long saleId = 800_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
        String shopper = "lag-" + System.nanoTime();
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        String holdId = saleId + "-" + HexFormat.of().formatHex(random);
        Instant now = Instant.now();
        Sale unknown = new Sale(saleId, 1L, 7_000, 10, 1, now.minusSeconds(60), now.plus(Duration.ofHours(1)), 0L, now, now);
        holds.rebuild(unknown, List.of(new Hold(holdId, saleId, shopper, 1, ReservationStatus.HELD, now,
                now.plus(Duration.ofMinutes(10)))), Set.of(), now).block();

        client().post().uri("/api/reservations/{id}/checkout", holdId).headers(h -> h.setBearerAuth(token(shopper)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "COUPANG")).exchange()
                .expectStatus().isEqualTo(503).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
    }
}
