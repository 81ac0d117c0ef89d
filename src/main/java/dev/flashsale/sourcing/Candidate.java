package dev.flashsale.sourcing;

import java.util.List;

/**
 * Offers that look like the same product, grouped, with what an admin needs to decide on a
 * flash sale: price spread across sellers and how deep a discount the market already gives.
 */
record Candidate(String id, String name, String category, String imageUrl, List<ExternalProduct> offers,
        PriceStats prices, Discounts discounts) {

    /** Over the offers' current prices; the median of an even count is the lower middle's mean, rounded down. */
    public record PriceStats(int count, long min, long median, long max) {
    }

    /**
     * {@code listPrice}: highest original (pre-discount) price any seller shows, else the highest
     * price. Percentages are whole percents rounded down, like the sale page's discount rate.
     */
    public record Discounts(long listPrice, int atMin, int atMedian, int spread, long thirtyPercentOffPrice,
            boolean thirtyPercentOffBeatsMarket) {
    }
}
