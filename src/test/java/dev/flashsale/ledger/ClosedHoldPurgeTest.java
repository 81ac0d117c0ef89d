package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.reservation.SaleKeys;
import tools.jackson.databind.JsonNode;

/**
 * Closed holds leave Redis once the ledger has them; what a shopper can still ask about them is
 * answered from the ledger, and only to that shopper.
 */
class ClosedHoldPurgeTest extends LedgerTestSupport {


    @Test
    void aCancelledHoldLeavesRedisOnceTheLedgerHasItAndReadsFallBackToTheLedger() {
        long saleId = openSale(5, 2);
        String alice = newShopperToken();
        JsonNode held = post(saleId, alice, "cart-1").expectStatus().isCreated().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        String id = held.get("id").asString();
        String paid = reserve(saleId, alice);
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isNoContent();
        webhook("evt-purge-" + paid, paid, "PAID").expectStatus().isOk();

        SaleKeys keys = new SaleKeys(saleId);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !redis.hasKey(keys.hold(id)).block() && !redis.hasKey(keys.hold(paid)).block());

        get(id, alice).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("RELEASED").jsonPath("$.saleId").isEqualTo(saleId)
                .jsonPath("$.createdAt").isEqualTo(held.get("createdAt").asString());
        get(paid, alice).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");
        get(id, newShopperToken()).expectStatus().isNotFound();
        post(saleId, alice, "cart-1").expectStatus().isCreated().expectBody()
                .jsonPath("$.id").isEqualTo(id).jsonPath("$.status").isEqualTo("RELEASED");
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/reservation-closed");
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound();

        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(4).jsonPath("$.held").isEqualTo(0).jsonPath("$.sold").isEqualTo(1)
                .jsonPath("$.total").isEqualTo(5);
        JsonNode report = drained(saleId, Duration.ofSeconds(10));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void aReleaseAfterOnlyTheStockHashIsLostNeitherBreaksReservesNorOversells() {
        long saleId = openSale(3, 1);
        String alice = newShopperToken();
        String aliceHold = reserve(saleId, alice);
        reserve(saleId, newShopperToken());
        redis.delete(new SaleKeys(saleId).stock()).block();

        // refused while the sale is partial (503), or done once the sweeper has rebuilt it (204)
        int status = client().delete().uri("/api/reservations/{id}", aliceHold).headers(h -> h.setBearerAuth(alice))
                .exchange().returnResult(String.class).getStatus().value();
        assertThat(status).isIn(204, 503);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> client().delete().uri("/api/reservations/{id}", aliceHold).headers(h -> h.setBearerAuth(alice))
                        .exchange().returnResult(String.class).getStatus().value() == 409);

        int granted = 0;
        for (int i = 0; i < 4; i++) {
            int code = post(saleId, newShopperToken(), null).returnResult(String.class).getStatus().value();
            assertThat(code).as("never a 5xx").isIn(201, 409);
            granted += code == 201 ? 1 : 0;
        }
        assertThat(granted).as("one unit held by the other shopper survived the loss").isEqualTo(2);
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(0).jsonPath("$.held").isEqualTo(3).jsonPath("$.sold").isEqualTo(0)
                .jsonPath("$.total").isEqualTo(3);
        JsonNode report = drained(saleId, Duration.ofSeconds(10));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
    }

    private WebTestClient.ResponseSpec post(long saleId, String token, String idempotencyKey) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> {
                    h.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange();
    }

    private WebTestClient.ResponseSpec get(String id, String token) {
        return client().get().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(token)).exchange();
    }
}
