package dev.flashsale.recommendation;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.mcp.ShopperRecommendations;
import reactor.core.publisher.Mono;

/** Serves the MCP tool {@code recommend_products} from the same ranking as the sale page. */
@Component
class McpRecommendations implements ShopperRecommendations {

    private final RecommendationService recommendations;

    McpRecommendations(RecommendationService recommendations) {
        this.recommendations = recommendations;
    }

    @Override
    public Mono<List<Recommendation>> forShopper(String shopperId, int limit) {
        return recommendations.forShopper(shopperId, limit).map(list -> list.stream()
                .map(r -> new Recommendation(r.sale().productId(), r.sale().name(), r.sale().id(), r.sale().salePrice(),
                        r.score(), r.reason()))
                .toList());
    }
}
