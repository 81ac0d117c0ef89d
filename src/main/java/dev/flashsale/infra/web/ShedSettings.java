package dev.flashsale.infra.web;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An adaptive (AIMD) limit on one hot path's requests in flight ({@link PathShedding}): it grows while
 * they finish within {@code latencyTarget} and shrinks when they do not; beyond it a request is
 * answered at once with 503 {@code overloaded} and {@code Retry-After: retryAfter} instead of queueing
 * inside the JVM. The defaults are the reserve path's; a feature may bind other defaults.
 *
 * @param enabled       shed at all
 * @param initialLimit  where the limit starts
 * @param minLimit      the floor (absorbs the jitter of an unloaded instance)
 * @param maxLimit      the ceiling
 * @param latencyTarget a request slower than this (or failing) shrinks the limit; faster ones grow it by one
 * @param retryAfter    the {@code Retry-After} of a shed request
 */
public record ShedSettings(@DefaultValue("true") boolean enabled, @DefaultValue("64") int initialLimit,
        @DefaultValue("32") int minLimit, @DefaultValue("512") int maxLimit,
        @DefaultValue("100ms") Duration latencyTarget, @DefaultValue("1s") Duration retryAfter) {

    public ShedSettings {
        if (minLimit < 1 || initialLimit < minLimit || maxLimit < initialLimit) {
            throw new IllegalArgumentException("shedding needs 1 <= min-limit <= initial-limit <= max-limit");
        }
        if (latencyTarget.isZero() || latencyTarget.isNegative() || retryAfter.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("shedding latency-target and retry-after must be positive");
        }
    }
}
