package dev.flashsale.infra.web;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An adaptive (AIMD) limit on one hot path's requests in flight ({@link PathShedding}): it grows while
 * they finish within {@code latencyTarget} and shrinks when they do not; beyond it a request is
 * answered at once with 503 {@code overloaded} and a {@code Retry-After} instead of queueing inside the
 * JVM. The {@code Retry-After} is a whole number of seconds drawn evenly from {@code retryAfter} to
 * {@code retryAfterMax}: clients shed in the same instant come back spread out, not all in the same
 * second to be shed again (in a 5 s burst of 20,000 joins, a fixed second made 84,000-98,000 retries).
 * The defaults are the reserve path's; a feature may bind other defaults.
 *
 * @param enabled       shed at all
 * @param initialLimit  where the limit starts
 * @param minLimit      the floor (absorbs the jitter of an unloaded instance)
 * @param maxLimit      the ceiling
 * @param latencyTarget a request slower than this (or failing) shrinks the limit; faster ones grow it by one
 * @param retryAfter    the shortest {@code Retry-After} of a shed request
 * @param retryAfterMax the longest
 */
public record ShedSettings(@DefaultValue("true") boolean enabled, @DefaultValue("64") int initialLimit,
        @DefaultValue("32") int minLimit, @DefaultValue("512") int maxLimit,
        @DefaultValue("100ms") Duration latencyTarget, @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("3s") Duration retryAfterMax) {

    public ShedSettings {
        if (minLimit < 1 || initialLimit < minLimit || maxLimit < initialLimit) {
            throw new IllegalArgumentException("shedding needs 1 <= min-limit <= initial-limit <= max-limit");
        }
        if (latencyTarget.isZero() || latencyTarget.isNegative() || retryAfter.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("shedding latency-target and retry-after must be positive");
        }
        if (retryAfterMax.compareTo(retryAfter) < 0) {
            throw new IllegalArgumentException("shedding retry-after-max must be at least retry-after");
        }
    }
}
