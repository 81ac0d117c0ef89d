package dev.flashsale.marketplace.coupang;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceException;
import dev.flashsale.marketplace.MarketplaceProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Wraps one marketplace's calls: per attempt a timeout, the circuit breaker and a client-side
 * rate limiter; around the attempts a retry with backoff for transient failures only. A 429,
 * our own limiter and an open breaker are never retried: retrying them only burns quota.
 */
final class ResilientCalls {

    private final Marketplace marketplace;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration backoff;

    ResilientCalls(Marketplace marketplace, MarketplaceProperties.Breaker settings, Duration timeout, int maxRetries,
            Duration backoff, Clock clock) {
        this.marketplace = marketplace;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.breaker = CircuitBreaker.of(marketplace.name().toLowerCase(), CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(settings.windowSize())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // A rejected request is our caller's fault, not an outage.
                .ignoreException(e -> e instanceof MarketplaceException m
                        && m.reason() == MarketplaceException.Reason.BAD_REQUEST)
                .clock(clock)
                .build());
    }

    static RateLimiter limiter(String name, int calls, Duration period) {
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(calls)
                .limitRefreshPeriod(period)
                // Never queue: a sync run defers the product instead of holding a thread or a slot.
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    <T> Mono<T> call(RateLimiter limiter, Mono<T> attempt) {
        Function<Mono<T>, Mono<T>> guarded = m -> m
                .timeout(timeout)
                .transform(CircuitBreakerOperator.of(breaker))
                .transform(RateLimiterOperator.of(limiter));
        return Mono.defer(() -> attempt)
                .transform(guarded)
                .onErrorMap(this::typed)
                .retryWhen(Retry.backoff(maxRetries, backoff)
                        .filter(MarketplaceException::isTransient)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private Throwable typed(Throwable e) {
        if (e instanceof MarketplaceException) {
            return e;
        }
        if (e instanceof TimeoutException) {
            return new MarketplaceException(marketplace, MarketplaceException.Reason.TIMEOUT, null,
                    "no answer within " + timeout, null);
        }
        if (e instanceof CallNotPermittedException) {
            return new MarketplaceException(marketplace, MarketplaceException.Reason.CIRCUIT_OPEN, null,
                    "circuit breaker open after repeated failures", null);
        }
        if (e instanceof RequestNotPermitted) {
            return new MarketplaceException(marketplace, MarketplaceException.Reason.THROTTLED, null,
                    "client-side rate limit reached; staying below the provider's quota", null);
        }
        return new MarketplaceException(marketplace, MarketplaceException.Reason.UNAVAILABLE, null, e.toString(), null);
    }
}
