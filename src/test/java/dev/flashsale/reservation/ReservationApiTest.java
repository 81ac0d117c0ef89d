package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class ReservationApiTest extends IntegrationTest {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    @Test
    void reserveAnswers201WithLocationAndTheHoldIsReadableByItsOwnerOnly() {
        long saleId = openSale(10, 2);
        String alice = newShopperToken();
        JsonNode view = client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 2)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/reservations/" + saleId + "-[0-9a-f]{32}")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = view.get("id").asString();
        assertThat(view.get("status").asString()).isEqualTo("HELD");
        assertThat(view.get("quantity").asInt()).isEqualTo(2);
        assertThat(Duration.between(Instant.parse(view.get("createdAt").asString()),
                Instant.parse(view.get("expiresAt").asString()))).isEqualTo(Duration.ofMinutes(10));

        client().get().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.saleId").isEqualTo(saleId);
        client().get().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "reservation-not-found");
        client().get().uri("/api/reservations/not-an-id").headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isNotFound();
        assertStock(saleId, 8, 2, 0);
    }

    @Test
    void cartListsOnlyTheCallersLiveHolds() {
        long saleId = openSale(10, 3);
        String alice = newShopperToken();
        String kept = reserve(saleId, alice, 1).get("id").asString();
        String cancelled = reserve(saleId, alice, 1).get("id").asString();
        reserve(saleId, newShopperToken(), 1);
        client().delete().uri("/api/reservations/{id}", cancelled).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isNoContent();

        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo(kept);
    }

    @Test
    void cancellingReturnsUnitsOnceThenTheReservationIsClosed() {
        long saleId = openSale(5, 2);
        String alice = newShopperToken();
        String id = reserve(saleId, alice, 2).get("id").asString();
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound();
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isNoContent();
        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "reservation-closed");
        client().get().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("RELEASED");
        assertStock(saleId, 5, 0, 0);
    }

    @Test
    void checkoutRedirectsToTheMarketplaceWithTheReservationAsTrackingParameter() {
        long saleId = openSale(5, 1);
        String alice = newShopperToken();
        JsonNode hold = reserve(saleId, alice, 1);
        String id = hold.get("id").asString();
        client().post().uri("/api/reservations/{id}/checkout", id).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "COUPANG")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.redirectUrl").isEqualTo("https://www.coupang.com/vp/products/123?fs_reservation=" + id)
                .jsonPath("$.expiresAt").isEqualTo(hold.get("expiresAt").asString());
        client().post().uri("/api/reservations/{id}/checkout", id).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "KURLY")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.redirectUrl").isEqualTo("https://www.kurly.com/goods/456?fs_reservation=" + id);
        client().post().uri("/api/reservations/{id}/checkout", id).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "AMAZON")).exchange()
                .expectStatus().isBadRequest();
        assertStock(saleId, 4, 1, 0);

        client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(alice)).exchange();
        client().post().uri("/api/reservations/{id}/checkout", id).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "COUPANG")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "reservation-closed");
    }

    @Test
    void checkoutOnAMarketplaceWithoutTheProductIsMarketplaceUnavailable() {
        long productId = adminPost("/admin/api/products", Map.of("name", "쿠팡 전용 상품", "category", "생활용품",
                "originalPrice", 5_000, "coupangUrl", "https://www.coupang.com/vp/products/9")).get("id").asLong();
        Instant now = Instant.now();
        long saleId = createSale(productId, 4_000, 5, 1, now.minusSeconds(5), now.plusSeconds(3600)).get("id").asLong();
        String alice = newShopperToken();
        String id = reserve(saleId, alice, 1).get("id").asString();
        client().post().uri("/api/reservations/{id}/checkout", id).headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("marketplace", "KURLY")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "marketplace-unavailable");
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        long saleId = openSale(10, 2);
        String alice = newShopperToken();
        for (String body : new String[] {"{\"quantity\":0}", "{\"quantity\":-1}", "{\"quantity\":\"abc\"}", "{}", "",
                "{\"quantity\":", "[1]", "{\"quantity\":11}"}) {
            post(saleId, alice, body).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "invalid-request");
        }
        post(saleId, alice, "{\"quantity\":3}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "limit-exceeded");
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(alice))
                .header("Idempotency-Key", "has spaces!").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quantity\":1}").exchange().expectStatus().isBadRequest();
        client().post().uri("/api/sales/{id}/reservations", saleId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quantity\":1}").exchange().expectStatus().isUnauthorized();
        post(987_654_321L, alice, "{\"quantity\":1}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sale-not-found");
        client().post().uri("/api/sales/abc/reservations").headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange().expectStatus().isBadRequest();
        assertStock(saleId, 10, 0, 0);
    }

    @Test
    void saleNotStartedOrEndedIsSaleNotActive() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        long upcoming = createSale(productId, 5_000, 10, 1, now.plusSeconds(3600), now.plusSeconds(7200)).get("id").asLong();
        long ended = createSale(productId, 5_000, 10, 1, now.minusSeconds(7200), now.minusSeconds(3600)).get("id").asLong();
        for (long saleId : new long[] {upcoming, ended}) {
            post(saleId, newShopperToken(), "{\"quantity\":1}").expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sale-not-active");
            assertStock(saleId, 10, 0, 0);
        }
    }

    @Test
    void soldOutSaysSoAndTheSalePageShowsSoldOut() {
        long saleId = openSale(1, 1);
        reserve(saleId, newShopperToken(), 1);
        post(saleId, newShopperToken(), "{\"quantity\":1}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sold-out").jsonPath("$.available").isEqualTo(0);
        client().get().uri("/api/sales/{id}", saleId).exchange().expectBody()
                .jsonPath("$.status").isEqualTo("SOLD_OUT").jsonPath("$.remaining").isEqualTo(0);
    }

    @Test
    void adminAdjustsStockAndCannotRemoveHeldUnits() {
        long saleId = openSale(5, 5);
        reserve(saleId, newShopperToken(), 3);
        adjust(saleId, 10).expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(15).jsonPath("$.available").isEqualTo(12);
        adjust(saleId, -13).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "stock-conflict");
        adjust(saleId, -12).expectStatus().isOk();
        assertStock(saleId, 0, 3, 0);
        client().get().uri("/api/sales/{id}", saleId).exchange().expectBody().jsonPath("$.totalQuantity").isEqualTo(3);
        client().get().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody().jsonPath("$.totalQuantity").isEqualTo(3);
        client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 1)).exchange().expectStatus().isForbidden();
    }

    @Test
    void editingTheTotalOfALiveSaleIsRefused() {
        long saleId = openSale(5, 1);
        JsonNode sale = client().get().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        client().put().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", sale.get("productId").asLong(), "salePrice", 7_000, "totalQuantity", 50,
                        "perUserLimit", 1, "startsAt", sale.get("startsAt").asString(), "endsAt", sale.get("endsAt").asString(),
                        "version", sale.get("version").asLong()))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "stock-conflict");
        assertStock(saleId, 5, 0, 0);
    }

    private WebTestClient.ResponseSpec adjust(long saleId, long delta) {
        return client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", delta)).exchange();
    }

    private WebTestClient.ResponseSpec post(long saleId, String token, String body) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode reserve(long saleId, String token, int quantity) {
        return post(saleId, token, "{\"quantity\":" + quantity + "}").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
