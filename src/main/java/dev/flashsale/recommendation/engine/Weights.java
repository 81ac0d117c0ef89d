package dev.flashsale.recommendation.engine;

import java.util.EnumMap;
import java.util.Map;

/** How much each ranking signal counts in the blend. Signals are normalised to [0, 1] first. */
public record Weights(double behaviour, double content, double profile, double popularity, double freshness) {

    /** Chosen by a grid search on the offline evaluation with seed 5; docs/recommendations.md reports seed 42, the test uses 11. */
    public static final Weights DEFAULT = new Weights(1.0, 0.25, 1.5, 0.6, 0.7);

    /** For "more like this": the viewed item is the whole context, so profile counts for little. */
    public static final Weights SIMILAR = new Weights(1.0, 1.0, 0.0, 0.1, 0.05);

    public static Weights only(RankingSignal signal) {
        Map<RankingSignal, Double> w = new EnumMap<>(RankingSignal.class);
        w.put(signal, 1.0);
        return new Weights(w.getOrDefault(RankingSignal.BEHAVIOUR, 0.0), w.getOrDefault(RankingSignal.CONTENT, 0.0),
                w.getOrDefault(RankingSignal.PROFILE, 0.0), w.getOrDefault(RankingSignal.POPULARITY, 0.0),
                w.getOrDefault(RankingSignal.FRESHNESS, 0.0));
    }

    double of(RankingSignal signal) {
        return switch (signal) {
            case BEHAVIOUR -> behaviour;
            case CONTENT -> content;
            case PROFILE -> profile;
            case POPULARITY -> popularity;
            case FRESHNESS -> freshness;
        };
    }
}
