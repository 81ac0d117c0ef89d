package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.SecondInstance;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * Sold-out answered from an instance's memory, with two instances on one Redis: this one (A) and a
 * second (B) that remembers a sold-out sale for 2 s, long enough to observe both sides of the bound.
 */
class SoldOutMemoryTest extends IntegrationTest {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    private ConfigurableApplicationContext second;
    private WebTestClient onB;

    @BeforeEach
    void startSecondInstance() {
        second = SecondInstance.start("flashsale.reservation.sold-out-memory=2s");
        onB = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + SecondInstance.port(second)).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stopSecondInstance() {
        second.close();
    }

    @Test
    void aReturnedUnitReachesNewArrivalsOnEveryInstanceOnceTheMemoryLapses() {
        long saleId = openSale(1, 1);
        // B hears of the new sale through Redis pub/sub, a moment later (on a Redis Cluster, after the bus relays it)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onB.get().uri("/api/sales/{id}", saleId).exchange()
                .returnResult(String.class).getStatus().value() == 200);
        String holder = newShopperToken();
        String holdId = reserve(client(), saleId, holder, "first-click").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();

        // B learns from Redis that the sale is sold out, then answers the next arrivals itself
        reserve(onB, saleId, newShopperToken(), null).expectStatus().isEqualTo(409);
        double before = memoryAnswers();
        reserve(onB, saleId, newShopperToken(), null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sold-out");
        assertThat(memoryAnswers()).isEqualTo(before + 1);

        // a retry with an Idempotency-Key is never answered from memory: only Redis knows it made a hold
        reserve(onB, saleId, holder, "first-click").expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(holdId);

        client().delete().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(holder)).exchange()
                .expectStatus().isNoContent();
        // the unit is back in Redis; B, within its memory, still says sold out (no Redis call)...
        reserve(onB, saleId, newShopperToken(), null).expectStatus().isEqualTo(409);
        assertThat(memoryAnswers()).isEqualTo(before + 2);
        // ...and grants it to a new arrival once the memory lapses (2 s here, 50 ms by default)
        String late = newShopperToken();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                reserve(onB, saleId, late, null).returnResult(Void.class).getStatus().value() == 201);
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(0).jsonPath("$.held").isEqualTo(1).jsonPath("$.total").isEqualTo(1);
    }

    private double memoryAnswers() {
        return second.getBean(MeterRegistry.class).counter("flashsale.reservations.memory").count();
    }

    private static WebTestClient.ResponseSpec reserve(WebTestClient on, long saleId, String token, String idempotencyKey) {
        return on.post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }
}
