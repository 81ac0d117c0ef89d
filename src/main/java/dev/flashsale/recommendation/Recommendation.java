package dev.flashsale.recommendation;

import dev.flashsale.catalog.SaleView;

/**
 * One recommended sale: the sale as the sale page shows it, why it is here in a few words, and
 * the blended score (comparable within one response only).
 */
public record Recommendation(SaleView sale, String reason, double score) {
}
