package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;

/**
 * Redis frozen after the reserve script was sent (no rate-limit call before it here): the answer is a
 * fast 503 that says the outcome is unknown, because the script runs once Redis thaws. A retry with
 * the same Idempotency-Key then answers the hold that script made, never a second unit. And Redis out
 * of memory under {@code noeviction} is a 503 that changed nothing, not a 500.
 */
class ReserveScriptTimeoutTest extends PausedRedisSupport {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void aReserveScriptStuckInAPausedRedisIsAFast503OfUnknownOutcomeAndItsRetryGetsTheSameHold() {
        long saleId = warmSale(2);
        List<String> shoppers = shoppers(16);
        List<String> keys = keys("stuck-", 16);

        double counted = deadlineAnswers("unknown");
        assertFastRefusals(reserveWhilePaused(saleId, shoppers, keys), 16, "unknown");
        assertThat(deadlineAnswers("unknown") - counted).isEqualTo(16);
        // the scripts written before the pause ran when Redis went on: one unit each
        assertStock(saleId, 33, 17, 0);

        List<PausedRedisSupport.Answer> retries = reserveAll(saleId, shoppers, keys);
        List<PausedRedisSupport.Answer> again = reserveAll(saleId, shoppers, keys);
        assertThat(retries).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
        assertThat(again.stream().map(PausedRedisSupport.Answer::holdId).toList())
                .isEqualTo(retries.stream().map(PausedRedisSupport.Answer::holdId).toList());
        assertThat(retries.stream().map(PausedRedisSupport.Answer::holdId).distinct()).hasSize(16);
        assertStock(saleId, 33, 17, 0);
    }

    @Test
    void redisOutOfMemoryIsA503ThatChangesNothing() {
        long saleId = openSale(10, 2);
        String shopper = newShopperToken();
        String holdId = reserveAll(saleId, List.of(shopper), List.of("before-oom")).get(0).holdId();

        setMaxMemory("1"); // every write is over the limit; noeviction is the default policy
        try {
            PausedRedisSupport.Answer reserve = reserveAll(saleId, List.of(newShopperToken()), List.of("oom")).get(0);
            assertThat(reserve.status()).isEqualTo(503);
            assertThat(reserve.slug()).isEqualTo("service-unavailable");
            assertThat(reserve.retryAfter()).isEqualTo("1");
            client().delete().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(shopper)).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
            assertStock(saleId, 9, 1, 0);
        } finally {
            setMaxMemory("0");
        }
        client().delete().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(shopper)).exchange()
                .expectStatus().isNoContent();
        assertStock(saleId, 10, 0, 0);
    }

    private void setMaxMemory(String bytes) {
        redis.execute(connection -> connection.serverCommands().setConfig("maxmemory", bytes))
                .then().block(Duration.ofSeconds(5));
    }
}
