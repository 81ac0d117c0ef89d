package dev.flashsale.ratelimit;

import static dev.flashsale.ratelimit.BucketFixture.freshSale;
import static dev.flashsale.ratelimit.BucketFixture.limits;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The limiter's answers on Redis time: problems, Retry-After, metrics, and Redis down. */
class RateLimiterTest {

    @Test
    void overTheLimitIsRateLimitedWithRetryAfterInWholeSecondsRoundedUp() {
        // one token per 10 s: the next one is 9.99x s away, answered as 10
        try (BucketFixture redis = new BucketFixture(limits(1, 0.1, 100, 100))) {
            RateLimiter limiter = redis.limiter();
            long sale = freshSale();
            limiter.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1").block();

            StepVerifier.create(limiter.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1"))
                    .expectErrorSatisfies(e -> {
                        ApiException problem = (ApiException) e;
                        assertThat(problem.type()).isEqualTo(ProblemType.RATE_LIMITED);
                        assertThat(problem.retryAfter().toSeconds()).isEqualTo(10);
                    })
                    .verify();
            assertThat(redis.registry.get("flashsale.ratelimit.rejected").tag("scope", "reserve").tag("limit", "shopper")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        // a token every 500 ms: the wait is under a second, Retry-After says 1. On a machine so loaded
        // that the second call comes after the token is back, it is allowed: that pair proves nothing and
        // is tried again on a fresh sale (an allowed call sooner than 500 ms would be a bug).
        try (BucketFixture redis = new BucketFixture(limits(1, 2, 100, 100))) {
            RateLimiter limiter = redis.limiter();
            for (int attempt = 1; ; attempt++) {
                long sale = freshSale();
                long started = System.nanoTime();
                limiter.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1").block();
                Throwable refused = limiter.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1")
                        .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block();
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                if (refused != null) {
                    assertThat(((ApiException) refused).retryAfter().toSeconds()).isEqualTo(1);
                    return;
                }
                assertThat(elapsedMs).as("allowed although the bucket cannot have refilled").isGreaterThanOrEqualTo(500);
                assertThat(attempt).as("the machine stayed too slow to see a refusal").isLessThan(10);
            }
        }
    }

    @Test
    void salesTheLimiterDoesNotLimitGetNoBuckets() {
        try (BucketFixture redis = new BucketFixture(limits(1, 0.1, 1, 0.1))) {
            long sale = freshSale();
            RateLimiter notLimited = new RateLimiter(redis.buckets, id -> Mono.just(false),
                    new RateLimitMetrics(redis.registry), true);
            RateLimiter disabled = new RateLimiter(redis.buckets, id -> Mono.just(true),
                    new RateLimitMetrics(redis.registry), false);
            for (int i = 0; i < 5; i++) {
                notLimited.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1").block();
                disabled.check(RateLimitScope.RESERVE, sale, "alice", "10.0.0.1").block();
            }
            assertThat(redis.redis.countExistingKeys(TokenBuckets.keys(sale)).block()).isZero();
        }
    }

    @Test
    void redisDownFailsClosedOnReserveWithARetryable503AndOpenOnRelease() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (BucketFixture dead = new BucketFixture(limits(1, 1, 1, 1), "127.0.0.1", deadPort)) {
            RateLimiter limiter = dead.limiter();

            StepVerifier.create(limiter.check(RateLimitScope.RESERVE, 1, "alice", "10.0.0.1"))
                    .expectErrorSatisfies(e -> {
                        ApiException problem = (ApiException) e;
                        assertThat(problem.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
                        assertThat(problem.retryAfter().toSeconds()).isEqualTo(1);
                    })
                    .verify();
            StepVerifier.create(limiter.check(RateLimitScope.WAITLIST_JOIN, 1, "alice", "10.0.0.1"))
                    .expectError(ApiException.class).verify();
            StepVerifier.create(limiter.check(RateLimitScope.RELEASE, 1, "alice", "10.0.0.1")).verifyComplete();

            assertThat(dead.registry.get("flashsale.ratelimit.unavailable").tag("scope", "reserve")
                    .tag("outcome", "refused").counter().count()).isEqualTo(1);
            assertThat(dead.registry.get("flashsale.ratelimit.unavailable").tag("scope", "release")
                    .tag("outcome", "allowed").counter().count()).isEqualTo(1);
        }
    }
}
