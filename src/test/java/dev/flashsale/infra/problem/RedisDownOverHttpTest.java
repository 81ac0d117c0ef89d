package dev.flashsale.infra.problem;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.OwnRedis;

/**
 * A Redis that is down, seen from outside: the reserve and stock calls answer a retryable
 * {@code 503 service-unavailable} problem with {@code Retry-After}, not a 500, and the service
 * serves again once Redis is back. This context has a Redis of its own, so stopping it disturbs
 * no other test; it is closed after the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisDownOverHttpTest extends IntegrationTest {

    private static final OwnRedis REDIS = new OwnRedis("redis-down");

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        REDIS.register(registry);
    }

    @AfterAll
    static void stopOwnRedis() {
        REDIS.close();
    }

    @Test
    void reserveAndStockAnswerARetryable503WhileRedisIsDown() {
        long saleId = openSale(5, 1);
        reserve(saleId).expectStatus().isCreated();

        REDIS.server().close();
        try {
            expectUnavailable(reserve(saleId));
            expectUnavailable(client().get().uri("/api/sales/{id}/stock", saleId).exchange());
        } finally {
            REDIS.server().restart();
        }

        // back in service: a new sale can be opened and reserved from
        long next = openSale(5, 1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> reserve(next).returnResult(String.class).getStatus().value() == 201);
    }

    private WebTestClient.ResponseSpec reserve(long saleId) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange();
    }

    private static void expectUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
    }
}
