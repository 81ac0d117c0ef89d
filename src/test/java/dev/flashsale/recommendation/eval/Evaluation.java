package dev.flashsale.recommendation.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import dev.flashsale.recommendation.engine.RankingCandidate;
import dev.flashsale.recommendation.engine.RankingSignal;
import dev.flashsale.recommendation.engine.HybridRanker;
import dev.flashsale.recommendation.engine.Interaction;
import dev.flashsale.recommendation.engine.Item;
import dev.flashsale.recommendation.engine.KoreanText;
import dev.flashsale.recommendation.engine.ModelSettings;
import dev.flashsale.recommendation.engine.RecommendationModel;
import dev.flashsale.recommendation.engine.Scored;
import dev.flashsale.recommendation.engine.ShopperContext;
import dev.flashsale.recommendation.engine.Weights;
import dev.flashsale.recommendation.eval.SyntheticCatalog.Product;
import dev.flashsale.recommendation.eval.SyntheticShop.Event;
import dev.flashsale.recommendation.eval.SyntheticShop.Shopper;
import dev.flashsale.recommendation.eval.SyntheticShop.World;

/**
 * Time-based hold-out: everything before the split trains the model; what a shopper holds or buys
 * after it (and had not held or bought before) is what a good top 10 at the split would have
 * shown. Only products listed before the split are candidates, as in the live shop.
 */
final class Evaluation {

    static final int K = 10;

    record Row(String ranker, double hitRate, double ndcg, double coverage) {
    }

    record Report(List<Row> rows, int shoppers, int products, int trainEvents, int testShoppers) {
        Row row(String ranker) {
            return rows.stream().filter(r -> r.ranker().equals(ranker)).findFirst().orElseThrow();
        }
    }

    /** The held-out problem: a model trained before the split and what each test shopper then wanted. */
    record Setup(RecommendationModel model, List<RankingCandidate> candidates, List<Case> cases, Instant split,
            int shoppers, int trainEvents) {
    }

    /** One test shopper: what is known at the split, and what they then held or bought. */
    record Case(ShopperContext context, Set<Long> wanted) {
    }

    static Report run(World world, Duration trainSpan) {
        Setup setup = prepare(world, trainSpan);
        HybridRanker ranker = new HybridRanker(ModelSettings.DEFAULT);
        Map<String, Function<ShopperContext, List<Long>>> rankers = new LinkedHashMap<>();
        rankers.put("hybrid", weighted(setup, ranker, Weights.DEFAULT));
        for (RankingSignal signal : List.of(RankingSignal.BEHAVIOUR, RankingSignal.CONTENT, RankingSignal.PROFILE)) {
            rankers.put(signal.name().toLowerCase(Locale.ROOT), weighted(setup, ranker, Weights.only(signal)));
        }
        // The baseline is popularity over everyone; "by age band" also knows the shopper's declared band.
        Function<ShopperContext, List<Long>> popular = weighted(setup, ranker, Weights.only(RankingSignal.POPULARITY));
        rankers.put("popularity", c -> popular.apply(new ShopperContext(c.history(), c.preferredCategories(),
                c.priceBand(), c.excluded(), null)));
        rankers.put("popularity by age band", popular);
        rankers.put("freshness", weighted(setup, ranker, Weights.only(RankingSignal.FRESHNESS)));
        Random random = new Random(7);
        rankers.put("random", c -> randomTop(setup.candidates(), c, random));

        List<Row> rows = new ArrayList<>();
        rankers.forEach((name, rank) -> rows.add(score(name, rank, setup.cases(), setup.candidates().size())));
        return new Report(rows, setup.shoppers(), setup.candidates().size(), setup.trainEvents(), setup.cases().size());
    }

    static Row score(Setup setup, String name, Weights weights) {
        HybridRanker ranker = new HybridRanker(ModelSettings.DEFAULT);
        return score(name, weighted(setup, ranker, weights), setup.cases(), setup.candidates().size());
    }

    private static Function<ShopperContext, List<Long>> weighted(Setup setup, HybridRanker ranker, Weights weights) {
        return c -> ids(ranker.rank(setup.model(), c, setup.candidates(), weights, K, setup.split()));
    }

    static Setup prepare(World world, Duration trainSpan) {
        Instant split = world.start().plus(trainSpan);
        List<Product> listed = world.products().stream().filter(p -> p.listedAt().isBefore(split)).toList();
        List<Item> items = listed.stream().map(Product::item).toList();
        List<RankingCandidate> candidates = listed.stream().map(p -> new RankingCandidate(p.item().id(),
                p.item().category(), p.price(), p.listedAt(), true)).toList();
        Set<Long> listedIds = new HashSet<>(items.stream().map(Item::id).toList());

        Map<String, List<Interaction>> history = new HashMap<>();
        Map<String, Set<Long>> owned = new HashMap<>();
        Map<String, Set<Long>> targets = new HashMap<>();
        List<Interaction> train = new ArrayList<>();
        for (Event e : world.events()) {
            if (e.at().isBefore(split)) {
                train.add(e.interaction());
                history.computeIfAbsent(e.shopperId(), s -> new ArrayList<>()).add(e.interaction());
                if (e.type().owns()) {
                    owned.computeIfAbsent(e.shopperId(), s -> new HashSet<>()).add(e.itemId());
                }
            } else if (e.type().owns() && listedIds.contains(e.itemId())) {
                targets.computeIfAbsent(e.shopperId(), s -> new HashSet<>()).add(e.itemId());
            }
        }
        Map<String, String> ageBands = new HashMap<>();
        world.shoppers().stream().filter(s -> s.declaredAgeBand() != null)
                .forEach(s -> ageBands.put(s.id(), s.declaredAgeBand()));
        RecommendationModel model = RecommendationModel.build(items, train, ageBands, new KoreanText(),
                ModelSettings.DEFAULT, split);

        List<Case> cases = new ArrayList<>();
        for (Shopper s : world.shoppers()) {
            Set<Long> before = owned.getOrDefault(s.id(), Set.of());
            Set<Long> wanted = new HashSet<>(targets.getOrDefault(s.id(), Set.of()));
            wanted.removeAll(before);
            if (!wanted.isEmpty()) {
                List<Interaction> h = new ArrayList<>(history.getOrDefault(s.id(), List.of()));
                h.sort(Comparator.comparing(Interaction::at).reversed());
                cases.add(new Case(new ShopperContext(h, s.declaredCategories(), s.declaredBand(), before,
                        s.declaredAgeBand()), wanted));
            }
        }

        return new Setup(model, candidates, cases, split, world.shoppers().size(), train.size());
    }

    private static Row score(String name, Function<ShopperContext, List<Long>> rank, List<Case> cases, int catalogue) {
        double hits = 0;
        double ndcg = 0;
        Set<Long> shown = new HashSet<>();
        for (Case c : cases) {
            List<Long> top = rank.apply(c.context());
            shown.addAll(top);
            double dcg = 0;
            for (int i = 0; i < top.size(); i++) {
                if (c.wanted().contains(top.get(i))) {
                    dcg += 1 / log2(i + 2);
                }
            }
            double ideal = 0;
            for (int i = 0; i < Math.min(K, c.wanted().size()); i++) {
                ideal += 1 / log2(i + 2);
            }
            hits += dcg > 0 ? 1 : 0;
            ndcg += dcg / ideal;
        }
        int n = Math.max(1, cases.size());
        return new Row(name, hits / n, ndcg / n, (double) shown.size() / catalogue);
    }

    private static List<Long> randomTop(List<RankingCandidate> candidates, ShopperContext context, Random random) {
        List<Long> ids = new ArrayList<>(candidates.stream().map(RankingCandidate::itemId)
                .filter(id -> !context.excluded().contains(id)).toList());
        java.util.Collections.shuffle(ids, random);
        return ids.subList(0, Math.min(K, ids.size()));
    }

    private static List<Long> ids(List<Scored> scored) {
        return scored.stream().map(Scored::itemId).toList();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private Evaluation() {
    }
}
