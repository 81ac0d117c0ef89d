package dev.flashsale.recommendation;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.flashsale.mcp.ShopperRecommendations;
import dev.flashsale.recommendation.engine.HybridRanker;
import reactor.core.publisher.Mono;

/**
 * Serves the MCP tool {@code recommend_products} from the same ranking as the sale page, with the
 * reasons redacted: a reason such as "Similar to <a product they viewed>" tells the assistant
 * (and whoever reads its transcript) what the shopper looked at, so only reasons that say nothing
 * about the shopper pass through.
 */
@Component
class McpRecommendations implements ShopperRecommendations {

    static final String REDACTED = "Picked for this shopper";
    private static final Set<String> ABOUT_THE_SALE_ONLY = Set.of(HybridRanker.ON_SALE, HybridRanker.POPULAR,
            HybridRanker.JUST_STARTED);

    private final RecommendationService recommendations;

    McpRecommendations(RecommendationService recommendations) {
        this.recommendations = recommendations;
    }

    @Override
    public Mono<List<Recommendation>> forShopper(String shopperId, int limit) {
        return recommendations.forShopper(shopperId, limit).map(list -> list.stream()
                .map(r -> new Recommendation(r.sale().productId(), r.sale().name(), r.sale().id(), r.sale().salePrice(),
                        r.score(), redacted(r.reason())))
                .toList());
    }

    static String redacted(String reason) {
        return ABOUT_THE_SALE_ONLY.contains(reason) ? reason : REDACTED;
    }
}
