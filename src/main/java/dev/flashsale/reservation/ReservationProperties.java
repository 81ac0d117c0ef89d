package dev.flashsale.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.flashsale.infra.web.ShedSettings;

/**
 * @param holdDuration    how long a cart hold keeps its units (10 minutes in production; seconds in tests)
 * @param sweepInterval   how often every instance looks for holds past their deadline (the guarantee)
 * @param sweepBatch      most holds one sweep call expires per sale (bounds the time one script blocks Redis)
 * @param sweeperEnabled  run the sweeper on this instance (turn off only to test the listener alone)
 * @param listenerEnabled react to Redis expired-key events (the fast path; the sweeper works without it)
 * @param maxQuantity     most units one request may ask for, whatever the sale's per-shopper limit
 * @param cleanupAfter    how long after a sale ends its idempotency keys and per-shopper counts are deleted
 * @param soldOutMemory   how long this instance answers sold-out from memory after Redis said a sale had
 *                        no unit left (0 turns it off): a unit that comes back reaches new arrivals on
 *                        every instance at most this much later
 * @param shedding        the reserve path's in-flight limit (defaults: {@link ShedSettings})
 * @param maxHoldsPerShopper most holds one shopper may make in one sale, whatever became of them (409
 *                        limit-exceeded beyond). Closed holds leave Redis once the ledger has them, but
 *                        each keeps an idempotency entry and a ledger row: this bounds what a
 *                        reserve/cancel loop piles up per shopper and sale
 * @param redisTimeout    the longest a reserve waits for Redis (rate-limit check and reserve script together)
 *                        before it answers 503 service-unavailable (see {@link ReserveDeadline})
 */
@ConfigurationProperties("flashsale.reservation")
record ReservationProperties(
        @DefaultValue("10m") Duration holdDuration,
        @DefaultValue("200ms") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch,
        @DefaultValue("true") boolean sweeperEnabled,
        @DefaultValue("true") boolean listenerEnabled,
        @DefaultValue("10") int maxQuantity,
        @DefaultValue("1h") Duration cleanupAfter,
        @DefaultValue("50ms") Duration soldOutMemory,
        @DefaultValue @NestedConfigurationProperty ShedSettings shedding,
        @DefaultValue("20") int maxHoldsPerShopper,
        @DefaultValue("500ms") Duration redisTimeout) {

    /** Settings that would half-write a hold or spin a loop stop the start-up instead. */
    ReservationProperties {
        requirePositive("hold-duration", holdDuration);
        requirePositive("sweep-interval", sweepInterval);
        requirePositive("redis-timeout", redisTimeout);
        if (sweepBatch < 1 || maxQuantity < 1 || maxHoldsPerShopper < 1) {
            throw new IllegalArgumentException(
                    "flashsale.reservation.sweep-batch, max-quantity and max-holds-per-shopper must be at least 1");
        }
        if (soldOutMemory.isNegative()) {
            throw new IllegalArgumentException("flashsale.reservation.sold-out-memory must not be negative");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("flashsale.reservation." + name + " must be positive, was " + value);
        }
    }
}
