package dev.flashsale.recommendation.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.flashsale.recommendation.engine.HybridRanker;
import dev.flashsale.recommendation.engine.ModelSettings;
import dev.flashsale.recommendation.engine.ShopperContext;
import dev.flashsale.recommendation.engine.Weights;

/**
 * Latency of one ranking of 10 items from the precomputed model, on the full synthetic shop
 * (a benchmark that prints figures, not a test). Covers the in-process part of a request; the
 * HTTP layer and the two indexed Postgres reads for a signed-in shopper come on top.
 */
public final class RankingBenchmark {

    public static void main(String[] args) {
        SyntheticShop.Config config = SyntheticShop.Config.FULL;
        long t0 = System.nanoTime();
        Evaluation.Setup setup = Evaluation.prepare(SyntheticShop.generate(config), Duration.ofDays(48));
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        HybridRanker ranker = new HybridRanker(ModelSettings.DEFAULT);
        List<ShopperContext> shoppers = setup.cases().stream().map(Evaluation.Case::context).toList();
        List<Long> items = setup.candidates().stream().map(c -> c.itemId()).toList();

        for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile the hot path
            ranker.rank(setup.model(), shoppers.get(i % shoppers.size()), setup.candidates(), Weights.DEFAULT, 10,
                    setup.split());
        }
        long[] personal = new long[20_000];
        long[] similar = new long[20_000];
        for (int i = 0; i < personal.length; i++) {
            long s = System.nanoTime();
            ranker.rank(setup.model(), shoppers.get(i % shoppers.size()), setup.candidates(), Weights.DEFAULT, 10,
                    setup.split());
            personal[i] = System.nanoTime() - s;
            s = System.nanoTime();
            ranker.rank(setup.model(), ShopperContext.around(items.get(i % items.size()), setup.split()),
                    setup.candidates(), Weights.SIMILAR, 10, setup.split());
            similar[i] = System.nanoTime() - s;
        }
        System.out.printf(Locale.ROOT, "%d live candidates, %d shoppers with history up to %d items; "
                + "shop generated and model built in %d ms%n", items.size(), shoppers.size(),
                ModelSettings.DEFAULT.historyCap(), buildMs);
        print("recommendations, 10 items", personal);
        print("similar, 10 items", similar);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-26s p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  max %.3f ms  (%d runs)%n", what,
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private RankingBenchmark() {
    }
}
