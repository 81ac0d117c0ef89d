package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.support.PausableRedis;

/**
 * Redis frozen with SIGSTOP while shoppers reserve, as production runs (the rate limit on): every
 * reserve is a fast {@code 503 service-unavailable} with Retry-After that truthfully says nothing was
 * reserved (the rate-limit call is what waits; the reserve script is never sent), and after SIGCONT
 * the stock is untouched and each shopper's retry with the same key takes exactly one unit.
 */
@TestPropertySource(properties = "flashsale.rate-limit.enabled=true")
class ReserveWhileRedisPausedTest extends PausedRedisSupport {

    @Test
    void reservesWhileRedisIsPausedAreFast503sThatReservedNothing() {
        long saleId = openSale(50, 1);
        assertThat(reserveAll(saleId, List.of(newShopperToken()), List.of("warm-up")).get(0).status()).isEqualTo(201);
        List<String> shoppers = IntStream.range(0, 16).mapToObj(i -> newShopperToken()).toList();
        List<String> keys = IntStream.range(0, 16).mapToObj(i -> "paused-" + i).toList();

        List<PausedRedisSupport.Answer> during;
        PausableRedis.get().pause();
        try {
            during = reserveAll(saleId, shoppers, keys);
        } finally {
            PausableRedis.get().resume();
        }

        assertThat(during).hasSize(16).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.slug()).isEqualTo("service-unavailable");
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.outcome()).isEqualTo("none");
            assertThat(answer.took()).isLessThan(ANSWER_BOUND);
        });
        assertStock(saleId, 49, 1, 0);

        List<PausedRedisSupport.Answer> retries = reserveAll(saleId, shoppers, keys);
        assertThat(retries).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
        assertThat(retries.stream().map(PausedRedisSupport.Answer::holdId).distinct()).hasSize(16);
        assertStock(saleId, 33, 17, 0);
    }
}
