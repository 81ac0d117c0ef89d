package dev.flashsale.recommendation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the ranker precomputes: behaviour and content neighbours and time-decayed
 * popularity, overall and per shopper segment. Built off the request path (periodically, on a
 * worker thread) and swapped whole.
 */
public final class RecommendationModel {

    /** Interest halves every week: last month's hit should not crowd out this week's. */
    static final Duration POPULARITY_HALF_LIFE = Duration.ofDays(7);

    private final Map<Long, Item> items;
    private final Neighbours behaviour;
    private final Neighbours content;
    private final Map<Long, Double> popularity;
    private final Map<String, Map<Long, Double>> segmentPopularity;
    private final Instant builtAt;

    private RecommendationModel(Map<Long, Item> items, Neighbours behaviour, Neighbours content,
            Map<Long, Double> popularity, Map<String, Map<Long, Double>> segmentPopularity, Instant builtAt) {
        this.items = items;
        this.behaviour = behaviour;
        this.content = content;
        this.popularity = popularity;
        this.segmentPopularity = segmentPopularity;
        this.builtAt = builtAt;
    }

    public static RecommendationModel empty() {
        return new RecommendationModel(Map.of(), Neighbours.empty(), Neighbours.empty(), Map.of(), Map.of(),
                Instant.EPOCH);
    }

    /** {@code segments} maps shopper ids to their segment; shoppers without one count overall only. */
    public static RecommendationModel build(Collection<Item> items, Collection<Interaction> interactions,
            Map<String, String> segments, KoreanText text, ModelSettings settings, Instant now) {
        Map<Long, Item> byId = items.stream().collect(Collectors.toUnmodifiableMap(Item::id, Function.identity()));
        Neighbours behaviour = CoOccurrence.build(interactions, settings.historyCap(), settings.neighbours());
        Neighbours content = ContentIndex.build(items, text).neighbours(settings.neighbours());
        Map<String, Map<Long, Double>> bySegment = new HashMap<>();
        for (Interaction i : interactions) {
            String segment = segments.get(i.shopperId());
            if (segment != null) {
                bySegment.computeIfAbsent(segment, s -> new HashMap<>()).merge(i.itemId(), interest(i, now),
                        Double::sum);
            }
        }
        bySegment.replaceAll((segment, counts) -> logScaled(counts));
        Map<Long, Double> overall = new HashMap<>();
        interactions.forEach(i -> overall.merge(i.itemId(), interest(i, now), Double::sum));
        return new RecommendationModel(byId, behaviour, content, logScaled(overall), Map.copyOf(bySegment), now);
    }

    private static double interest(Interaction i, Instant now) {
        return i.weight() * decay(i.at(), now, POPULARITY_HALF_LIFE);
    }

    /** Log scale, so one blockbuster does not flatten every other item's popularity to zero. */
    private static Map<Long, Double> logScaled(Map<Long, Double> counts) {
        counts.replaceAll((id, v) -> Math.log1p(v));
        return Map.copyOf(counts);
    }

    static double decay(Instant at, Instant now, Duration halfLife) {
        double age = Math.max(0, Duration.between(at, now).toSeconds());
        return Math.pow(0.5, age / halfLife.toSeconds());
    }

    public Optional<Item> item(long id) {
        return Optional.ofNullable(items.get(id));
    }

    public Neighbours behaviour() {
        return behaviour;
    }

    public Neighbours content() {
        return content;
    }

    public double popularity(long itemId) {
        return popularity.getOrDefault(itemId, 0.0);
    }

    /** Half overall, half within the segment, when the segment has any behaviour yet. */
    public double popularity(long itemId, String segment) {
        Map<Long, Double> within = segment == null ? null : segmentPopularity.get(segment);
        if (within == null) {
            return popularity(itemId);
        }
        return 0.5 * popularity(itemId) + 0.5 * within.getOrDefault(itemId, 0.0);
    }

    public Instant builtAt() {
        return builtAt;
    }

    public int size() {
        return items.size();
    }
}
