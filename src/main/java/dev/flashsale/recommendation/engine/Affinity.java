package dev.flashsale.recommendation.engine;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Category and price-band affinity of one shopper: what the profile declares (full weight) plus
 * the share each category and band has in the recent, time-decayed history.
 */
record Affinity(Map<String, Double> categories, Map<PriceBand, Double> bands) {

    /** Price matters, but less than what the product is. */
    static final double PRICE_WEIGHT = 0.5;

    static Affinity of(RecommendationModel model, ShopperContext context, Map<Long, RankingCandidate> live,
            Instant now) {
        Map<String, Double> categories = new HashMap<>();
        Map<PriceBand, Double> bands = new EnumMap<>(PriceBand.class);
        double total = 0;
        for (Interaction h : context.history()) {
            double w = h.weight() * RecommendationModel.decay(h.at(), now, Signals.HISTORY_HALF_LIFE);
            total += w;
            RankingCandidate c = live.get(h.itemId());
            Optional<String> category = model.item(h.itemId()).map(Item::category)
                    .or(() -> Optional.ofNullable(c).map(RankingCandidate::category));
            double share = w;
            category.ifPresent(cat -> categories.merge(cat, share, Double::sum));
            if (c != null) {
                bands.merge(PriceBand.of(c.price()), share, Double::sum);
            }
        }
        if (total > 0) {
            double t = total;
            categories.replaceAll((k, v) -> v / t);
            bands.replaceAll((k, v) -> v / t);
        }
        context.preferredCategories().forEach(cat -> categories.merge(cat, 1.0, Double::sum));
        if (context.priceBand() != null) {
            bands.merge(context.priceBand(), 1.0, Double::sum);
        }
        return new Affinity(categories, bands);
    }

    double score(RankingCandidate c) {
        return categories.getOrDefault(c.category(), 0.0)
                + PRICE_WEIGHT * bands.getOrDefault(PriceBand.of(c.price()), 0.0);
    }
}
