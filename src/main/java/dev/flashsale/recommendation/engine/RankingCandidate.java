package dev.flashsale.recommendation.engine;

import java.time.Instant;

/**
 * An item that could be shown now: it has a live sale. Sold-out candidates are never shown
 * themselves, but their score passes to their nearest in-stock neighbour.
 */
public record RankingCandidate(long itemId, String category, long price, Instant listedAt, boolean inStock) {
}
