package dev.flashsale.recommendation.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Blends the normalised signals into one score per live candidate, then walks the ranking:
 * an in-stock item is shown as it is; a sold-out one hands its place to its nearest in-stock
 * neighbour. The cost per request is the history times the neighbour lists, plus one pass over
 * the live candidates; nothing is compared pairwise here.
 */
public final class HybridRanker {

    private final ModelSettings settings;

    public HybridRanker(ModelSettings settings) {
        this.settings = settings;
    }

    public List<Scored> rank(RecommendationModel model, ShopperContext context,
            Collection<RankingCandidate> candidates, Weights weights, int limit, Instant now) {
        Map<Long, RankingCandidate> live = new LinkedHashMap<>();
        candidates.stream().filter(c -> !context.excluded().contains(c.itemId()))
                .forEach(c -> live.putIfAbsent(c.itemId(), c));
        Signals signals = Signals.compute(model, context, live, now, settings.historyCap());
        List<Blend> blends = new ArrayList<>(live.size());
        for (RankingCandidate c : live.values()) {
            blends.add(blend(c.itemId(), signals, weights));
        }
        blends.sort(Comparator.comparingDouble(Blend::score).reversed().thenComparingLong(Blend::itemId));

        List<Scored> out = new ArrayList<>(limit);
        Set<Long> used = new HashSet<>();
        for (Blend b : blends) {
            if (out.size() >= limit) {
                break;
            }
            RankingCandidate c = live.get(b.itemId());
            if (c.inStock()) {
                if (used.add(c.itemId())) {
                    out.add(new Scored(c.itemId(), b.score(), reason(model, b, signals, c)));
                }
            } else {
                nearestInStock(model, c.itemId(), live, used).ifPresent(alt -> {
                    used.add(alt);
                    out.add(new Scored(alt, b.score(), "In stock instead of sold-out " + name(model, c.itemId())));
                });
            }
        }
        return out;
    }

    private record Blend(long itemId, double score, RankingSignal strongest) {
    }

    private static Blend blend(long itemId, Signals signals, Weights weights) {
        double total = 0;
        double best = 0;
        RankingSignal strongest = null;
        for (RankingSignal signal : RankingSignal.values()) {
            double part = weights.of(signal) * signals.normalised(signal, itemId);
            total += part;
            if (part > best) {
                best = part;
                strongest = signal;
            }
        }
        return new Blend(itemId, total, strongest);
    }

    private static Optional<Long> nearestInStock(RecommendationModel model, long soldOut,
            Map<Long, RankingCandidate> live, Set<Long> used) {
        List<Neighbours.Neighbour> options = new ArrayList<>(model.content().of(soldOut));
        options.addAll(model.behaviour().of(soldOut));
        return options.stream()
                .filter(n -> live.containsKey(n.itemId()) && live.get(n.itemId()).inStock() && !used.contains(n.itemId()))
                .max(Comparator.comparingDouble(Neighbours.Neighbour::similarity))
                .map(Neighbours.Neighbour::itemId);
    }

    /** Reasons that say nothing about the shopper (no item from their history, no interest of theirs). */
    public static final String ON_SALE = "On sale now";
    public static final String POPULAR = "Popular right now";
    public static final String JUST_STARTED = "Just started";

    private static String reason(RecommendationModel model, Blend b, Signals signals, RankingCandidate c) {
        if (b.strongest() == null) {
            return ON_SALE;
        }
        return switch (b.strongest()) {
            case BEHAVIOUR -> "Popular with shoppers who liked "
                    + sourceName(model, signals, RankingSignal.BEHAVIOUR, c);
            case CONTENT -> "Similar to " + sourceName(model, signals, RankingSignal.CONTENT, c);
            case PROFILE -> "Matches your interest in " + c.category();
            case POPULARITY -> POPULAR;
            case FRESHNESS -> JUST_STARTED;
        };
    }

    private static String sourceName(RecommendationModel model, Signals signals, RankingSignal signal,
            RankingCandidate c) {
        Signals.Source source = signals.sources.get(signal).get(c.itemId());
        return source == null ? "items you viewed" : name(model, source.itemId());
    }

    private static String name(RecommendationModel model, long itemId) {
        return model.item(itemId).map(Item::name).orElse("an item you viewed");
    }
}
