package dev.flashsale.recommendation.engine;

import java.time.Instant;

/**
 * One shopper showing interest in one item. The weight says how strong the signal is (a purchase
 * says more than a view); the engine knows nothing else about event types.
 */
public record Interaction(String shopperId, long itemId, double weight, Instant at) {
}
