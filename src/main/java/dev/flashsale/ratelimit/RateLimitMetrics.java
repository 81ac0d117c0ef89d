package dev.flashsale.ratelimit;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Refused requests by scope and bucket, and checks that could not reach Redis (tags are bounded enums). */
final class RateLimitMetrics {

    private final Map<RateLimitScope, Map<TokenBuckets.Limit, Counter>> rejected = new EnumMap<>(RateLimitScope.class);
    private final Map<RateLimitScope, Counter> unavailable = new EnumMap<>(RateLimitScope.class);

    RateLimitMetrics(MeterRegistry registry) {
        for (RateLimitScope scope : RateLimitScope.values()) {
            Map<TokenBuckets.Limit, Counter> byLimit = new EnumMap<>(TokenBuckets.Limit.class);
            for (TokenBuckets.Limit limit : TokenBuckets.Limit.values()) {
                byLimit.put(limit, Counter.builder("flashsale.ratelimit.rejected")
                        .description("Requests answered 429 rate-limited, by scope and by the bucket that was empty")
                        .tag("scope", scope.tag()).tag("limit", limit.tag())
                        .register(registry));
            }
            rejected.put(scope, byLimit);
            unavailable.put(scope, Counter.builder("flashsale.ratelimit.unavailable")
                    .description("Checks that could not reach Redis; outcome is the scope's policy")
                    .tag("scope", scope.tag()).tag("outcome", scope.failOpen() ? "allowed" : "refused")
                    .register(registry));
        }
    }

    void rejected(RateLimitScope scope, TokenBuckets.Limit limit) {
        rejected.get(scope).get(limit).increment();
    }

    void unavailable(RateLimitScope scope) {
        unavailable.get(scope).increment();
    }
}
