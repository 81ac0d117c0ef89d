package dev.flashsale.ratelimit;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.infra.web.ClientIp;
import reactor.core.publisher.Mono;

/**
 * Per-shopper and per-client-address rate limits of one sale's endpoints, shared by every
 * instance (token buckets in Redis, see {@code lua/rate_limit.lua}). Put {@link #check} before the
 * work: a refused request is {@code 429 rate-limited} with {@code Retry-After} and the work never runs.
 */
public class RateLimiter {

    /** Whether a sale's requests are limited now: it exists and its buckets are not yet cleaned up. */
    @FunctionalInterface
    interface LimitedSales {
        Mono<Boolean> limited(long saleId);
    }

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final TokenBuckets buckets;
    private final LimitedSales sales;
    private final RateLimitMetrics metrics;
    private final boolean enabled;

    RateLimiter(TokenBuckets buckets, LimitedSales sales, RateLimitMetrics metrics, boolean enabled) {
        this.buckets = buckets;
        this.sales = sales;
        this.metrics = metrics;
        this.enabled = enabled;
    }

    /**
     * Takes one token from the shopper's and the address's bucket of this sale and scope, or errors
     * with a problem: {@code 429 rate-limited} with Retry-After when a bucket is empty (nothing
     * taken), or, when Redis cannot be reached and the scope fails closed, {@code 503
     * service-unavailable} with Retry-After. A sale this instance does not know, or one long ended,
     * is not limited (no buckets are made for ids anyone can invent; such requests change nothing).
     *
     * @param shopperId the authenticated shopper, or null for none
     * @param clientIp  {@link ClientIp#of}, or null/"" for none
     */
    public Mono<Void> check(RateLimitScope scope, long saleId, String shopperId, String clientIp) {
        if (!enabled) {
            return Mono.empty();
        }
        return sales.limited(saleId)
                .onErrorResume(e -> scope.failOpen() ? Mono.just(false) : Mono.error(e))
                .flatMap(limited -> limited ? take(scope, saleId, shopperId, clientIp) : Mono.empty());
    }

    private Mono<Void> take(RateLimitScope scope, long saleId, String shopperId, String clientIp) {
        return buckets.take(scope, saleId, shopperId == null ? "" : shopperId, clientIp == null ? "" : clientIp, "")
                .onErrorResume(DataAccessException.class, e -> unreachable(scope, e))
                .flatMap(decision -> decision.allowed() ? Mono.<Void>empty() : Mono.error(refused(scope, decision)));
    }

    private ApiException refused(RateLimitScope scope, TokenBuckets.Decision decision) {
        metrics.rejected(scope, decision.limit());
        long seconds = Math.max(1, (decision.waitMillis() + 999) / 1_000);
        return ApiException.retryLater(ProblemType.RATE_LIMITED,
                "Too many requests; try again in " + seconds + " s.", Duration.ofSeconds(seconds));
    }

    /**
     * Redis down or too slow (Spring translates every Redis failure to a DataAccessException). A
     * scope that fails closed answers what its own call to Redis would answer a moment later (503
     * with Retry-After), so refusing loses nothing and no unlimited burst reaches the engine when
     * Redis comes back; a scope that fails open (release) goes on, see {@link RateLimitScope}.
     */
    private Mono<TokenBuckets.Decision> unreachable(RateLimitScope scope, DataAccessException e) {
        metrics.unavailable(scope);
        log.warn("Rate limit of {} {}: Redis unavailable: {}", scope.tag(),
                scope.failOpen() ? "skipped" : "refused the request", e.toString());
        return scope.failOpen() ? Mono.just(TokenBuckets.Decision.ALLOWED)
                : Mono.error(ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE, "Please try again in a moment.", Duration.ofSeconds(1)));
    }
}
