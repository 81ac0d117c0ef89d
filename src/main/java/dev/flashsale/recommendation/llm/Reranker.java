package dev.flashsale.recommendation.llm;

import java.util.List;

import dev.flashsale.recommendation.Recommendation;
import dev.flashsale.recommendation.profile.ShopperProfile;
import reactor.core.publisher.Mono;

/**
 * A second opinion on the order of the in-process ranking. Implementations must never fail and
 * never take long: on any trouble they answer with the ranking they were given.
 */
public interface Reranker {

    /** No re-ranking: the in-process order is the answer. */
    Reranker NONE = (profile, ranked) -> Mono.just(ranked);

    Mono<List<Recommendation>> rerank(ShopperProfile profile, List<Recommendation> ranked);
}
