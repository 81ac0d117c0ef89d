package dev.flashsale.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.infra.embedded.EmbeddedRedisServer;
import dev.flashsale.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The service on a Redis of its own that goes away: reserve is refused with a retryable 503 (the
 * limiter fails closed), release gets past the limiter (fails open) and then meets the same outage;
 * once Redis is back both work and no unit moved meanwhile.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// the reserve's own Redis deadline (500 ms by default) would answer before the limiter's call fails
@TestPropertySource(properties = {"flashsale.rate-limit.enabled=true", "spring.data.redis.timeout=1s",
        "flashsale.reservation.redis-timeout=5s"})
class RedisOutageRateLimitTest extends IntegrationTest {

    private static final EmbeddedRedisServer REDIS = start();

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        // the URL wins over the host and port the base class sets
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + REDIS.port());
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void reserveFailsClosedWithA503AndReleaseFailsOpenWhileRedisIsDown() {
        long saleId = openSale(10, 10);
        String alice = newShopperToken();
        String held = reserve(saleId, alice).expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("id").asString();

        REDIS.close();
        try {
            reserve(saleId, alice).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
            release(held, alice).expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
        } finally {
            REDIS.restart();
        }

        assertThat(unavailable("reserve", "refused")).isEqualTo(1);
        assertThat(unavailable("release", "allowed")).as("the limiter let the release through").isEqualTo(1);
        // Lettuce reconnects with back-off
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get()
                .uri("/api/sales/{id}/stock", saleId).exchange().returnResult(String.class).getStatus().value() == 200);
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.available").isEqualTo(9).jsonPath("$.held").isEqualTo(1).jsonPath("$.total").isEqualTo(10);
        release(held, alice).expectStatus().isNoContent();
        reserve(saleId, alice).expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec reserve(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }

    private WebTestClient.ResponseSpec release(String id, String token) {
        return client().delete().uri("/api/reservations/{id}", id).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private double unavailable(String scope, String outcome) {
        return registry.get("flashsale.ratelimit.unavailable").tag("scope", scope).tag("outcome", outcome).counter().count();
    }

    private static EmbeddedRedisServer start() {
        try {
            return EmbeddedRedisServer.start(Files.createTempDirectory("flashsale-ratelimit-redis-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
