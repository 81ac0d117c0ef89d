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
 * popularity. Built off the request path (periodically, on a worker thread) and swapped whole.
 */
public final class RecommendationModel {

    /** Interest halves every week: last month's hit should not crowd out this week's. */
    static final Duration POPULARITY_HALF_LIFE = Duration.ofDays(7);

    private final Map<Long, Item> items;
    private final Neighbours behaviour;
    private final Neighbours content;
    private final Map<Long, Double> popularity;
    private final Instant builtAt;

    private RecommendationModel(Map<Long, Item> items, Neighbours behaviour, Neighbours content,
            Map<Long, Double> popularity, Instant builtAt) {
        this.items = items;
        this.behaviour = behaviour;
        this.content = content;
        this.popularity = popularity;
        this.builtAt = builtAt;
    }

    public static RecommendationModel empty() {
        return new RecommendationModel(Map.of(), Neighbours.empty(), Neighbours.empty(), Map.of(), Instant.EPOCH);
    }

    public static RecommendationModel build(Collection<Item> items, Collection<Interaction> interactions,
            KoreanText text, ModelSettings settings, Instant now) {
        Map<Long, Item> byId = items.stream().collect(Collectors.toUnmodifiableMap(Item::id, Function.identity()));
        Neighbours behaviour = CoOccurrence.build(interactions, settings.historyCap(), settings.neighbours());
        Neighbours content = ContentIndex.build(items, text).neighbours(settings.neighbours());
        return new RecommendationModel(byId, behaviour, content, popularity(interactions, now), now);
    }

    private static Map<Long, Double> popularity(Collection<Interaction> interactions, Instant now) {
        Map<Long, Double> raw = new HashMap<>();
        for (Interaction i : interactions) {
            raw.merge(i.itemId(), i.weight() * decay(i.at(), now, POPULARITY_HALF_LIFE), Double::sum);
        }
        raw.replaceAll((id, v) -> Math.log1p(v));
        return Map.copyOf(raw);
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

    public Instant builtAt() {
        return builtAt;
    }

    public int size() {
        return items.size();
    }
}
