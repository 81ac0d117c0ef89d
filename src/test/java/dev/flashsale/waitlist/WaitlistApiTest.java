package dev.flashsale.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The waitlist over HTTP with the whole service: joining, the offer a released unit becomes, who may
 * reserve it, and the hand-on when its claim window passes. The sold-out memory is made long here, so
 * an offered shopper it wrongly refused would stay refused for the whole test.
 */
@TestPropertySource(properties = {"flashsale.waitlist.claim-window=2s", "flashsale.reservation.sold-out-memory=10s"})
class WaitlistApiTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void joiningAnswers201ThenTheSameEntryWith200() {
        long saleId = soldOutSale();
        String w1 = newShopperToken();
        String w2 = newShopperToken();

        join(saleId, w1).expectStatus().isCreated().expectBody()
                .jsonPath("$.position").isEqualTo(1).jsonPath("$.status").isEqualTo("WAITING").jsonPath("$.offer").doesNotExist();
        join(saleId, w2).expectStatus().isCreated().expectBody().jsonPath("$.position").isEqualTo(2);
        join(saleId, w1).expectStatus().isOk().expectBody().jsonPath("$.position").isEqualTo(1);
        get(saleId, w2).expectStatus().isOk().expectBody().jsonPath("$.position").isEqualTo(2);
    }

    @Test
    void refusalsAreProblemsWithStableSlugs() {
        long saleId = openSale(5, 1);
        String shopper = newShopperToken();
        join(saleId, shopper).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sale-not-sold-out").jsonPath("$.available").isEqualTo(5);
        get(saleId, shopper).expectStatus().isNotFound().expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/waitlist-entry-not-found");
        client().delete().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(shopper)).exchange()
                .expectStatus().isNotFound();
        join(999_999_999L, shopper).expectStatus().isNotFound().expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sale-not-found");
        Instant now = Instant.now();
        long ended = createSale(createProduct(10_000).get("id").asLong(), 5_000, 1, 1, now.minusSeconds(7200),
                now.minusSeconds(3600)).get("id").asLong();
        join(ended, shopper).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sale-not-active");
        client().post().uri("/api/sales/{id}/waitlist", saleId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aReleasedUnitIsOfferedAndOnlyTheOfferedShopperCanReserveIt() {
        long saleId = openSale(1, 1);
        String holder = newShopperToken();
        String hold = reserve(saleId, holder).expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("id").asString();
        String waiting = newShopperToken();
        join(saleId, waiting).expectStatus().isCreated();
        double made = offers("made");

        client().delete().uri("/api/reservations/{id}", hold).headers(h -> h.setBearerAuth(holder)).exchange()
                .expectStatus().isNoContent();
        JsonNode entry = get(saleId, waiting).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(entry.get("status").asString()).isEqualTo("OFFERED");
        assertThat(entry.get("position").asLong()).isZero();
        assertThat(entry.get("offer").get("quantity").asInt()).isEqualTo(1);
        assertThat(Instant.parse(entry.get("offer").get("expiresAt").asString())).isAfter(Instant.now());
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(0).jsonPath("$.offered").isEqualTo(1).jsonPath("$.status").isEqualTo("SOLD_OUT");
        assertThat(offers("made")).isEqualTo(made + 1);

        reserve(saleId, newShopperToken()).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sold-out");
        reserve(saleId, waiting).expectStatus().isCreated();
        get(saleId, waiting).expectStatus().isNotFound();
        assertStock(saleId, 0, 1, 0);
    }

    @Test
    void anUnclaimedOfferMovesOnToTheNextInLineAfterTheClaimWindow() {
        long saleId = openSale(1, 1);
        String holder = newShopperToken();
        String hold = reserve(saleId, holder).expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String first = newShopperToken();
        String second = newShopperToken();
        join(saleId, first);
        join(saleId, second);
        client().delete().uri("/api/reservations/{id}", hold).headers(h -> h.setBearerAuth(holder)).exchange();
        get(saleId, first).expectBody().jsonPath("$.status").isEqualTo("OFFERED");
        get(saleId, second).expectBody().jsonPath("$.status").isEqualTo("WAITING").jsonPath("$.position").isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(saleId, second).returnResult(JsonNode.class).getResponseBody().blockFirst()
                        .path("status").asString().equals("OFFERED"));
        reserve(saleId, second).expectStatus().isCreated(); // first, while the new window is still open
        get(saleId, first).expectStatus().isNotFound();
        reserve(saleId, first).expectStatus().isEqualTo(409);
    }

    @Test
    void leavingWhileOfferedPassesTheUnitOnAndAddedStockIsOfferedFirst() {
        long saleId = soldOutSale();
        String first = newShopperToken();
        String second = newShopperToken();
        join(saleId, first);
        join(saleId, second);
        client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"delta\":1}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(0).jsonPath("$.offered").isEqualTo(1);
        get(saleId, first).expectBody().jsonPath("$.status").isEqualTo("OFFERED");

        client().delete().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(first)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("OFFERED");
        get(saleId, second).expectBody().jsonPath("$.status").isEqualTo("OFFERED");
        client().delete().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(second)).exchange()
                .expectStatus().isOk();
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(1).jsonPath("$.offered").isEqualTo(0).jsonPath("$.total").isEqualTo(2);
    }

    @Test
    void theOpenApiDocumentDescribesTheWaitlistCalls() {
        JsonNode path = client().get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("paths").get("/api/sales/{saleId}/waitlist");
        assertThat(path.has("post") && path.has("get") && path.has("delete")).isTrue();
    }

    /** A sale of one unit, held by someone else. */
    private long soldOutSale() {
        long saleId = openSale(1, 1);
        reserve(saleId, newShopperToken()).expectStatus().isCreated();
        return saleId;
    }

    private double offers(String outcome) {
        return meters.get("flashsale.waitlist.offers").tag("outcome", outcome).counter().count();
    }

    private WebTestClient.ResponseSpec join(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec get(long saleId, String token) {
        return client().get().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec reserve(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange();
    }
}
