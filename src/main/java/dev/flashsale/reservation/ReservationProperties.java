package dev.flashsale.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdDuration    how long a cart hold keeps its units (10 minutes in production; seconds in tests)
 * @param sweepInterval   how often every instance looks for holds past their deadline (the guarantee)
 * @param sweepBatch      most holds one sweep call expires per sale (bounds the time one script blocks Redis)
 * @param sweeperEnabled  run the sweeper on this instance (turn off only to test the listener alone)
 * @param listenerEnabled react to Redis expired-key events (the fast path; the sweeper works without it)
 * @param maxQuantity     most units one request may ask for, whatever the sale's per-shopper limit
 * @param cleanupAfter    how long after a sale ends its idempotency keys and per-shopper counts are deleted
 */
@ConfigurationProperties("flashsale.reservation")
record ReservationProperties(
        @DefaultValue("10m") Duration holdDuration,
        @DefaultValue("200ms") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch,
        @DefaultValue("true") boolean sweeperEnabled,
        @DefaultValue("true") boolean listenerEnabled,
        @DefaultValue("10") int maxQuantity,
        @DefaultValue("1h") Duration cleanupAfter) {
}
