package dev.flashsale.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP, on a context with tiny limits (3 per shopper, 6 per address, per sale and scope; a
 * token every 1,000 s, so nothing refills during a test). Every test uses its own sale, so its own buckets.
 */
@TestPropertySource(properties = {"flashsale.rate-limit.enabled=true",
        "flashsale.rate-limit.shopper.capacity=3", "flashsale.rate-limit.shopper.refill-per-second=0.001",
        "flashsale.rate-limit.ip.capacity=6", "flashsale.rate-limit.ip.refill-per-second=0.001"})
class RateLimitApiTest extends IntegrationTest {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    @Autowired
    MeterRegistry registry;
    @Autowired
    ReactiveStringRedisTemplate redis;
    @Autowired
    RateLimitCleanup cleanup;

    @Test
    void overTheShopperLimitAReserveIs429WithRetryAfterAndTakesNoUnit() {
        long saleId = openSale(10, 10);
        String alice = newShopperToken();
        for (int i = 0; i < 3; i++) {
            reserve(saleId, alice, null).expectStatus().isCreated();
        }
        double rejectedBefore = rejected("reserve", "shopper");

        reserve(saleId, alice, "after-the-limit").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1000")
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "rate-limited").jsonPath("$.status").isEqualTo(429);

        assertStock(saleId, 7, 3, 0);
        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(alice)).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(3);
        reserve(saleId, newShopperToken(), null).expectStatus().isCreated();
        assertStock(saleId, 6, 4, 0);
        assertThat(rejected("reserve", "shopper") - rejectedBefore).isEqualTo(1);
    }

    @Test
    void theAddressLimitCoversEveryShopperOnItAndForwardedForIsNotTrustedByDefault() {
        long saleId = openSale(10, 1);
        for (int i = 0; i < 6; i++) {
            String spoofed = "198.51.100." + i;
            client().post().uri("/api/sales/{id}/reservations", saleId)
                    .headers(h -> {
                        h.setBearerAuth(newShopperToken());
                        h.set("X-Forwarded-For", spoofed);
                    })
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange()
                    .expectStatus().isCreated();
        }

        reserve(saleId, newShopperToken(), null).expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "rate-limited");
        assertStock(saleId, 4, 6, 0);
    }

    @Test
    void releaseHasItsOwnBucketsAndARefusedReleaseKeepsTheHold() {
        long saleId = openSale(10, 10);
        String alice = newShopperToken();
        String first = id(reserve(saleId, alice, null));
        String second = id(reserve(saleId, alice, null));
        reserve(saleId, alice, null).expectStatus().isCreated();
        reserve(saleId, alice, null).expectStatus().isEqualTo(429);

        release(first, alice).expectStatus().isNoContent();
        release(first, alice).expectStatus().isEqualTo(409);
        release(first, alice).expectStatus().isEqualTo(409);
        release(second, alice).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "rate-limited");

        client().get().uri("/api/reservations/{id}", second).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("HELD");
        assertStock(saleId, 8, 2, 0);
    }

    @Test
    void aLongEndedSaleIsNotLimitedAndItsBucketsAreDeleted() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant end = Instant.now().minus(Duration.ofHours(3));
        long ended = createSale(productId, 5_000, 10, 2, end.minus(Duration.ofHours(1)), end).get("id").asLong();
        long open = openSale(10, 10);
        String alice = newShopperToken();
        reserve(open, alice, null).expectStatus().isCreated();
        // as left by requests made while the sale ran
        redis.opsForHash().put(TokenBuckets.keys(ended).get(0), "r:s:alice", "0 1").block();

        for (int i = 0; i < 5; i++) {
            reserve(ended, alice, null).expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sale-not-active");
        }
        assertThat(cleanup.cleanDueSales().block()).isGreaterThanOrEqualTo(1);

        assertThat(redis.countExistingKeys(TokenBuckets.keys(ended)).block()).isZero();
        assertThat(redis.countExistingKeys(TokenBuckets.keys(open)).block()).as("open sale untouched").isEqualTo(1);
    }

    private WebTestClient.ResponseSpec reserve(long saleId, String token, String idempotencyKey) {
        return client().post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }

    private WebTestClient.ResponseSpec release(String id, String token) {
        return client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private static String id(WebTestClient.ResponseSpec created) {
        return created.expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }

    private double rejected(String scope, String limit) {
        return registry.get("flashsale.ratelimit.rejected").tag("scope", scope).tag("limit", limit).counter().count();
    }
}
