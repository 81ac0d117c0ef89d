package dev.flashsale.recommendation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.catalog.SaleView;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.recommendation.engine.RankingCandidate;
import dev.flashsale.recommendation.engine.HybridRanker;
import dev.flashsale.recommendation.engine.Interaction;
import dev.flashsale.recommendation.engine.ShopperContext;
import dev.flashsale.recommendation.engine.Weights;
import dev.flashsale.recommendation.llm.Reranker;
import dev.flashsale.recommendation.profile.ProfileStore;
import dev.flashsale.recommendation.profile.ShopperProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Ranks the sales that are on now for a shopper (or anyone) or around one sale. Reads only
 * memory (catalog copy, current model, live stock through the catalog) plus, for a signed-in
 * shopper, their recent behaviour and profile: two indexed Postgres reads, made in parallel.
 */
@Service
class RecommendationService {

    private static final List<BehaviourEvent> NO_EVENTS = List.of();

    private final CatalogCache catalog;
    private final SaleQueries sales;
    private final BehaviourEvents events;
    private final ProfileStore profiles;
    private final ModelRefresher models;
    private final HybridRanker ranker;
    private final Reranker reranker;
    private final RecommendationProperties props;
    private final Clock clock;
    private final MeterRegistry meters;

    RecommendationService(CatalogCache catalog, SaleQueries sales, BehaviourEvents events, ProfileStore profiles,
            ModelRefresher models, HybridRanker ranker, Reranker reranker, RecommendationProperties props, Clock clock,
            MeterRegistry meters) {
        this.catalog = catalog;
        this.sales = sales;
        this.events = events;
        this.profiles = profiles;
        this.models = models;
        this.ranker = ranker;
        this.reranker = reranker;
        this.props = props;
        this.clock = clock;
        this.meters = meters;
    }

    /** Personalised for {@code shopperId}; popular and fresh sales for anonymous callers. */
    Mono<List<Recommendation>> forShopper(@Nullable String shopperId, int limit) {
        check(limit);
        Mono<List<BehaviourEvent>> history = shopperId == null ? Mono.just(NO_EVENTS)
                : events.recent(shopperId, props.historyCap()).collectList();
        Mono<ShopperProfile> profile = shopperId == null ? Mono.just(ShopperProfile.empty(""))
                : profiles.findForRanking(shopperId);
        int ranked = props.llm().enabled() ? Math.max(limit, props.llm().candidates()) : limit;
        return timed(shopperId == null ? "anonymous" : "personal", Mono.zip(catalog.snapshot(), sales.list(false), history, profile).flatMap(t -> {
            ShopperContext context = context(t.getT1(), t.getT3(), t.getT4());
            List<Recommendation> top = rank(t.getT1(), t.getT2(), context, Weights.DEFAULT, ranked);
            return reranker.rerank(t.getT4(), top).map(list -> list.subList(0, Math.min(limit, list.size())));
        }));
    }

    /** Sales like {@code saleId}, never another sale of the same product; 404 for an unknown sale. */
    Mono<List<Recommendation>> similar(long saleId, int limit) {
        check(limit);
        return timed("similar", Mono.zip(catalog.snapshot(), sales.sale(saleId), sales.list(false)).map(t -> {
            long productId = t.getT2().productId();
            if (models.current().item(productId).isEmpty()) {
                models.refreshSoon();
            }
            return rank(t.getT1(), t.getT3(), ShopperContext.around(productId, clock.instant()), Weights.SIMILAR, limit);
        }));
    }

    /** {@code flashsale.recommendation.requests}, by kind: the production view of the latency target. */
    private <T> Mono<T> timed(String kind, Mono<T> work) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return work.doOnTerminate(() -> sample.stop(meters.timer("flashsale.recommendation.requests", "kind", kind)));
        });
    }

    private List<Recommendation> rank(CatalogSnapshot snapshot, List<SaleView> views, ShopperContext context,
            Weights weights, int limit) {
        Map<Long, SaleView> live = CatalogMapping.liveSaleByProduct(views);
        List<RankingCandidate> candidates = live.values().stream().map(v -> CatalogMapping.candidate(snapshot, v))
                .toList();
        return ranker.rank(models.current(), context, candidates, weights, limit, clock.instant()).stream()
                .map(s -> new Recommendation(live.get(s.itemId()), s.reason(), s.score()))
                .toList();
    }

    /** Products the shopper holds or bought are not offered again. */
    private static ShopperContext context(CatalogSnapshot snapshot, List<BehaviourEvent> recent,
            ShopperProfile profile) {
        Set<Long> owned = new HashSet<>();
        List<Interaction> history = new ArrayList<>(recent.size());
        for (BehaviourEvent e : recent) {
            CatalogMapping.interaction(snapshot, e).ifPresent(i -> {
                history.add(i);
                if (e.type().owns()) {
                    owned.add(i.itemId());
                }
            });
        }
        String segment = profile.ageBand() == null ? null : profile.ageBand().name();
        return new ShopperContext(history, Set.copyOf(profile.preferredCategories()), profile.priceBand(), owned,
                segment);
    }

    private void check(int limit) {
        if (limit < 1 || limit > props.maxLimit()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "limit must be between 1 and " + props.maxLimit() + ".",
                    Map.of("errors", List.of(Map.of("field", "limit", "message",
                            "must be between 1 and " + props.maxLimit()))));
        }
    }
}
