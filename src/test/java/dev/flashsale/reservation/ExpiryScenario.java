package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Holds of about 2 s that nobody pays for must all come back to stock, each exactly once. Each
 * subclass runs it with a different expiry set-up (listener alone, sweeper alone, both on two
 * instances, many unrelated TTL keys).
 */
@TestPropertySource(properties = {"flashsale.reservation.hold-duration=2s", "flashsale.reservation.sweep-interval=100ms"})
abstract class ExpiryScenario extends IntegrationTest {

    static final int HOLDS = 40;

    @Autowired
    ReactiveStringRedisTemplate redis;

    /** Reserves one unit for each of {@link #HOLDS} shoppers, then waits until all are back. */
    void everyHoldReturnsToStockExactlyOnce() {
        long saleId = openSale(HOLDS, 1);
        Flux.range(0, HOLDS).flatMap(i -> Flux.just(newShopperToken()))
                .doOnNext(token -> client().post().uri("/api/sales/{id}/reservations", saleId)
                        .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"quantity\":1}").exchange().expectStatus().isCreated())
                .blockLast();
        // every unit was granted (40 × 201 from a sale of 40); some may already be back if set-up was slow
        JsonNode afterSetUp = stock(saleId);
        assertThat(afterSetUp.get("sold").asLong()).isZero();
        assertThat(afterSetUp.get("available").asLong() + afterSetUp.get("held").asLong()).isEqualTo(HOLDS);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> stock(saleId).get("available").asLong() == HOLDS);

        JsonNode stock = stock(saleId);
        assertThat(stock.get("held").asLong()).isZero();
        assertThat(stock.get("total").asLong()).isEqualTo(HOLDS);
        List<MapRecord<String, Object, Object>> events = redis.opsForStream()
                .range(new SaleKeys(saleId).events(), org.springframework.data.domain.Range.unbounded())
                .collectList().block();
        Map<Object, Long> expiredPerHold = events.stream().filter(e -> "EXPIRED".equals(e.getValue().get("type")))
                .collect(java.util.stream.Collectors.groupingBy(e -> e.getValue().get("hold"),
                        java.util.stream.Collectors.counting()));
        assertThat(expiredPerHold).hasSize(HOLDS).allSatisfy((hold, count) -> assertThat(count).isEqualTo(1));
        assertThat(redis.opsForZSet().size(new SaleKeys(saleId).deadlines()).block()).isZero();
    }

    JsonNode stock(long saleId) {
        return client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
