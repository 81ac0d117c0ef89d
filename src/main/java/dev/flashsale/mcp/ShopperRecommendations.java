package dev.flashsale.mcp;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * What the {@code recommend_products} MCP tool needs from the recommendation feature, which is
 * built separately. The tool is published only when a bean of this type exists.
 * TODO(recommendations): once that feature lands, add a small adapter bean implementing this
 * over its service; nothing else here needs to change.
 */
public interface ShopperRecommendations {

    record Recommendation(long productId, String name, Long saleId, Long salePrice, double score, String reason) {
    }

    Mono<List<Recommendation>> forShopper(String shopperId, int limit);
}
