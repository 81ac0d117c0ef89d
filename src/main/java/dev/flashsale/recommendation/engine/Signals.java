package dev.flashsale.recommendation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw per-signal scores of the live candidates for one context, plus what earned each score
 * (the history item behind a neighbour match), which becomes the reason shown to the shopper.
 */
final class Signals {

    /** A view two weeks ago says half as much about today's taste as a view today. */
    static final Duration HISTORY_HALF_LIFE = Duration.ofDays(14);
    /** A sale that opened today gets a full freshness prior, one from three days ago half of it. */
    static final Duration FRESHNESS_HALF_LIFE = Duration.ofDays(3);

    final Map<RankingSignal, Map<Long, Double>> raw = new EnumMap<>(RankingSignal.class);
    final Map<RankingSignal, Double> max = new EnumMap<>(RankingSignal.class);
    /** Per signal and item: the history item that contributed most, for the reason. */
    final Map<RankingSignal, Map<Long, Source>> sources = new EnumMap<>(RankingSignal.class);

    record Source(long itemId, double gain) {
    }

    private Signals() {
        for (RankingSignal c : RankingSignal.values()) {
            raw.put(c, new HashMap<>());
            max.put(c, 0.0);
            sources.put(c, new HashMap<>());
        }
    }

    static Signals compute(RecommendationModel model, ShopperContext context, Map<Long, RankingCandidate> live,
            Instant now, int historyCap) {
        Signals s = new Signals();
        List<Interaction> history = context.history().size() > historyCap
                ? context.history().subList(0, historyCap) : context.history();
        for (Interaction h : history) {
            double w = h.weight() * RecommendationModel.decay(h.at(), now, HISTORY_HALF_LIFE);
            s.spread(RankingSignal.BEHAVIOUR, model.behaviour(), h.itemId(), w, live);
            s.spread(RankingSignal.CONTENT, model.content(), h.itemId(), w, live);
        }
        Affinity affinity = Affinity.of(model, context, live, now);
        for (RankingCandidate c : live.values()) {
            s.put(RankingSignal.PROFILE, c.itemId(), affinity.score(c));
            s.put(RankingSignal.POPULARITY, c.itemId(), model.popularity(c.itemId(), context.segment()));
            if (!c.listedAt().isAfter(now)) {
                s.put(RankingSignal.FRESHNESS, c.itemId(),
                        RecommendationModel.decay(c.listedAt(), now, FRESHNESS_HALF_LIFE));
            }
        }
        return s;
    }

    /**
     * Each signal scaled to [0, 1] by its best candidate, except freshness, which already is
     * in [0, 1] and is absolute: when every sale is a week old, none of them is "just started".
     */
    double normalised(RankingSignal c, long itemId) {
        double m = c == RankingSignal.FRESHNESS ? 1 : max.get(c);
        return m <= 0 ? 0 : raw.get(c).getOrDefault(itemId, 0.0) / m;
    }

    private void spread(RankingSignal c, Neighbours neighbours, long from, double weight,
            Map<Long, RankingCandidate> live) {
        Map<Long, Double> scores = raw.get(c);
        for (Neighbours.Neighbour n : neighbours.of(from)) {
            if (live.containsKey(n.itemId())) {
                double gain = weight * n.similarity();
                put(c, n.itemId(), scores.getOrDefault(n.itemId(), 0.0) + gain);
                sources.get(c).merge(n.itemId(), new Source(from, gain), (a, b) -> a.gain() >= b.gain() ? a : b);
            }
        }
    }

    private void put(RankingSignal c, long itemId, double value) {
        if (value > 0) {
            raw.get(c).put(itemId, value);
            max.merge(c, value, Math::max);
        }
    }
}
