package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

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
        long saleId = warmSale(1);
        List<String> shoppers = shoppers(16);
        List<String> keys = keys("paused-", 16);

        double counted = deadlineAnswers("none");
        assertFastRefusals(reserveWhilePaused(saleId, shoppers, keys), 16, "none");
        assertThat(deadlineAnswers("none") - counted).isEqualTo(16);
        assertStock(saleId, 49, 1, 0);

        List<PausedRedisSupport.Answer> retries = reserveAll(saleId, shoppers, keys);
        assertThat(retries).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
        assertThat(retries.stream().map(PausedRedisSupport.Answer::holdId).distinct()).hasSize(16);
        assertStock(saleId, 33, 17, 0);
    }
}
