package dev.flashsale.ratelimit;

import static dev.flashsale.ratelimit.BucketFixture.freshSale;
import static dev.flashsale.ratelimit.BucketFixture.limits;
import static dev.flashsale.ratelimit.RateLimitScope.RELEASE;
import static dev.flashsale.ratelimit.RateLimitScope.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/** The bucket script against the real test Redis, with time passed in so every count is exact. */
class TokenBucketsTest {

    /** A whole number of generations (10 s here: the shopper bucket's 10 tokens at 1/s), so tests start at one's beginning. */
    private static final long T0 = 1_800_000_000_000L;

    private final BucketFixture redis = new BucketFixture(limits(10, 1, 1_000, 1_000));

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void fourTimesCapacityConcurrentRequestsOfOneShopperAtOneInstantAllowExactlyCapacity() {
        long sale = freshSale();
        List<TokenBuckets.Decision> decisions = Flux.range(0, 40)
                .flatMap(i -> redis.buckets.take(RESERVE, sale, "alice", "10.0.0." + i, String.valueOf(T0)), 40)
                .collectList().block();

        assertThat(decisions.stream().filter(TokenBuckets.Decision::allowed)).hasSize(10);
        assertThat(decisions.stream().filter(d -> !d.allowed()))
                .hasSize(30)
                .allSatisfy(d -> {
                    assertThat(d.limit()).isEqualTo(TokenBuckets.Limit.SHOPPER);
                    assertThat(d.waitMillis()).as("one token at 1/s").isEqualTo(1_000);
                });
    }

    @Test
    void anEmptyBucketRefillsAtItsRateAndNeverAboveCapacity() {
        long sale = freshSale();
        for (int i = 0; i < 10; i++) {
            assertThat(redis.take(RESERVE, sale, "alice", "", T0).allowed()).isTrue();
        }
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + 999).waitMillis()).isEqualTo(1);
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + 1_000).allowed()).as("one token after a second").isTrue();
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + 1_000).allowed()).isFalse();
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + 3_500).allowed()).as("2.5 tokens").isTrue();
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + 3_500).allowed()).isTrue();
        TokenBuckets.Decision empty = redis.take(RESERVE, sale, "alice", "", T0 + 3_500);
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.waitMillis()).as("half a token left").isEqualTo(500);

        long later = T0 + 3_600_000;
        assertThat(Flux.range(0, 15).map(i -> redis.take(RESERVE, sale, "alice", "", later))
                .filter(TokenBuckets.Decision::allowed).count().block()).as("full again, capped at capacity").isEqualTo(10);
    }

    @Test
    void shopperAddressScopeAndSaleEachHaveTheirOwnBucket() {
        long sale = freshSale();
        for (int i = 0; i < 10; i++) {
            redis.take(RESERVE, sale, "alice", "10.0.0.1", T0);
        }
        assertThat(redis.take(RESERVE, sale, "alice", "10.0.0.2", T0).limit()).isEqualTo(TokenBuckets.Limit.SHOPPER);
        assertThat(redis.take(RESERVE, sale, "bob", "10.0.0.1", T0).allowed()).as("other shopper, same address").isTrue();
        assertThat(redis.take(RELEASE, sale, "alice", "10.0.0.1", T0).allowed()).as("other scope").isTrue();
        assertThat(redis.take(RESERVE, freshSale(), "alice", "10.0.0.1", T0).allowed()).as("other sale").isTrue();
    }

    @Test
    void anAddressBucketLimitsManyShoppersAndARefusedRequestTakesNothingFromTheOtherBucket() {
        try (BucketFixture tight = new BucketFixture(limits(1, 1, 3, 1))) {
            long sale = freshSale();
            assertThat(tight.take(RESERVE, sale, "alice", "10.0.0.1", T0).allowed()).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(tight.take(RESERVE, sale, "alice", "10.0.0.1", T0).limit()).isEqualTo(TokenBuckets.Limit.SHOPPER);
            }
            assertThat(tight.take(RESERVE, sale, "bob", "10.0.0.1", T0).allowed()).as("alice's refusals took no address token").isTrue();
            assertThat(tight.take(RESERVE, sale, "carol", "10.0.0.1", T0).allowed()).isTrue();
            TokenBuckets.Decision dave = tight.take(RESERVE, sale, "dave", "10.0.0.1", T0);
            assertThat(dave.limit()).isEqualTo(TokenBuckets.Limit.IP);
            assertThat(dave.waitMillis()).isEqualTo(1_000);
            assertThat(tight.take(RESERVE, sale, "dave", "10.0.0.9", T0).allowed())
                    .as("dave's refusal took nothing from his own bucket").isTrue();
            assertThat(tight.take(RESERVE, sale, "alice", "10.0.0.1", T0).limit()).isEqualTo(TokenBuckets.Limit.BOTH);
        }
    }

    @Test
    void onlyTheCurrentAndPreviousGenerationAreKeptAndABucketEmptiedLateInOneIsStillEmptyInTheNext() {
        long sale = freshSale();
        long generation = redis.props.generationMillis();
        assertThat(generation).isEqualTo(10_000);
        redis.take(RESERVE, sale, "early", "", T0);
        long lastMoment = T0 + generation - 1;
        for (int i = 0; i < 10; i++) {
            redis.take(RESERVE, sale, "alice", "", lastMoment);
        }
        assertThat(redis.take(RESERVE, sale, "alice", "", T0 + generation + 1).waitMillis())
                .as("read from the previous generation: 2 ms of refill").isEqualTo(998);

        redis.take(RESERVE, sale, "middle", "", T0 + generation + 5);
        redis.take(RESERVE, sale, "late", "", T0 + 2 * generation);

        List<String> keys = TokenBuckets.keys(sale);
        assertThat(redis.redis.keys("rl:{" + sale + "}:*").collectList().block()).containsExactlyInAnyOrderElementsOf(keys);
        List<String> fields = Flux.fromIterable(keys).flatMap(k -> redis.redis.opsForHash().keys(k))
                .map(Object::toString).collectList().block();
        assertThat(fields).as("the first generation's hash was dropped whole")
                .containsExactlyInAnyOrder("_gen", "r:s:middle", "_gen", "r:s:late");
        assertThat(redis.take(RESERVE, sale, "early", "", T0 + 2 * generation).allowed()).isTrue();
    }
}
