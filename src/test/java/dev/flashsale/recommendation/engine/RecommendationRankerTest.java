package dev.flashsale.recommendation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RecommendationRankerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final KoreanText TEXT = new KoreanText();

    private final List<Item> items = List.of(
            new Item(1, "논산 설향딸기 500g", "과일", null),
            new Item(2, "유기농 딸기 1kg", "과일", null),
            new Item(3, "딸기 우유 200ml", "유제품", null),
            new Item(4, "주방세제 리필 1.2L", "생활용품", null),
            new Item(5, "한우 등심 300g", "정육", null),
            new Item(6, "제주 갈치 1kg", "수산", null));
    private final HybridRanker ranker = new HybridRanker(ModelSettings.DEFAULT);

    private RecommendationModel model() {
        List<Interaction> interactions = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            interactions.add(new Interaction("s" + s, 5, 1, NOW.minus(Duration.ofHours(s)))); // 5 is the popular one
            if (s < 5) {
                interactions.add(new Interaction("s" + s, 1, 3, NOW.minus(Duration.ofHours(s))));
                interactions.add(new Interaction("s" + s, 2, 1, NOW.minus(Duration.ofHours(s))));
            }
        }
        return RecommendationModel.build(items, interactions, Map.of("s1", "AGE_30S", "s2", "AGE_30S"), TEXT,
                ModelSettings.DEFAULT, NOW);
    }

    private static RankingCandidate live(long id, String category, boolean inStock) {
        return new RankingCandidate(id, category, 9_900, NOW.minus(Duration.ofDays(2)), inStock);
    }

    private final List<RankingCandidate> candidates = List.of(live(1, "과일", true), live(2, "과일", true),
            live(3, "유제품", false), live(4, "생활용품", true), live(5, "정육", true));

    @Test
    void returnsOnlyInStockCandidatesAndNeverTheViewedItem() {
        List<Scored> similar = ranker.rank(model(), ShopperContext.around(1, NOW), candidates, Weights.SIMILAR, 10, NOW);

        assertThat(similar).extracting(Scored::itemId).doesNotContain(1L, 3L, 6L).containsOnly(2L, 4L, 5L);
        assertThat(similar.get(0).itemId()).isEqualTo(2L);
        assertThat(similar.get(0).reason()).contains("논산 설향딸기 500g");
    }

    @Test
    void respectsTheLimit() {
        assertThat(ranker.rank(model(), ShopperContext.ANONYMOUS, candidates, Weights.DEFAULT, 2, NOW)).hasSize(2);
        assertThat(ranker.rank(model(), ShopperContext.ANONYMOUS, candidates, Weights.DEFAULT, 1, NOW)).hasSize(1);
    }

    @Test
    void anonymousShoppersGetThePopularItemsFirst() {
        List<Scored> top = ranker.rank(model(), ShopperContext.ANONYMOUS, candidates, Weights.DEFAULT, 3, NOW);

        assertThat(top.get(0).itemId()).isEqualTo(5L);
        assertThat(top.get(0).reason()).isEqualTo("Popular right now");
    }

    @Test
    void unknownItemsInHistoryAndAnEmptyModelAreHarmless() {
        ShopperContext stranger = new ShopperContext(List.of(new Interaction("x", 999, 5, NOW)), Set.of(), null,
                Set.of(), "AGE_60_PLUS");

        assertThat(ranker.rank(model(), stranger, candidates, Weights.DEFAULT, 10, NOW)).hasSize(4);
        assertThat(ranker.rank(RecommendationModel.empty(), stranger, candidates, Weights.DEFAULT, 10, NOW))
                .extracting(Scored::itemId).containsExactlyInAnyOrder(1L, 2L, 4L, 5L);
    }

    @Test
    void aSoldOutFavouriteIsReplacedByItsNearestInStockAlternative() {
        List<RankingCandidate> withSoldOutStrawberry = List.of(live(1, "과일", false), live(2, "과일", true),
                live(4, "생활용품", true), live(5, "정육", true));
        ShopperContext likesStrawberries = new ShopperContext(List.of(new Interaction("x", 3, 5, NOW)), Set.of(),
                null, Set.of(), null);

        List<Scored> top = ranker.rank(model(), likesStrawberries, withSoldOutStrawberry, Weights.SIMILAR, 2, NOW);

        assertThat(top).extracting(Scored::itemId).doesNotContain(1L).startsWith(2L);
        assertThat(top).extracting(Scored::reason).anyMatch(r -> r.startsWith("In stock instead of sold-out"));
    }

    @Test
    void declaredCategoriesLiftMatchingItemsForNewShoppers() {
        List<RankingCandidate> withFish = new ArrayList<>(candidates);
        withFish.add(live(6, "수산", true));
        ShopperContext fishLover = new ShopperContext(List.of(), Set.of("수산"), null, Set.of(), null);

        Scored first = ranker.rank(model(), fishLover, withFish, Weights.DEFAULT, 3, NOW).get(0);

        assertThat(first.itemId()).isEqualTo(6L);
        assertThat(first.reason()).isEqualTo("Matches your interest in 수산");
    }

    @Test
    void shoppersWithAKnownAgeBandSeeWhatIsPopularInTheirBand() {
        List<Interaction> interactions = new ArrayList<>();
        for (int s = 0; s < 15; s++) {
            interactions.add(new Interaction("s" + s, 5, 1, NOW));
        }
        interactions.add(new Interaction("young1", 4, 5, NOW));
        interactions.add(new Interaction("young2", 4, 5, NOW));
        RecommendationModel model = RecommendationModel.build(items, interactions,
                Map.of("young1", "AGE_20S", "young2", "AGE_20S"), TEXT, ModelSettings.DEFAULT, NOW);
        ShopperContext newInTheirTwenties = new ShopperContext(List.of(), Set.of(), null, Set.of(), "AGE_20S");

        assertThat(ranker.rank(model, ShopperContext.ANONYMOUS, candidates, Weights.DEFAULT, 1, NOW))
                .extracting(Scored::itemId).containsExactly(5L);
        assertThat(ranker.rank(model, newInTheirTwenties, candidates, Weights.DEFAULT, 1, NOW))
                .extracting(Scored::itemId).containsExactly(4L);
    }
}
