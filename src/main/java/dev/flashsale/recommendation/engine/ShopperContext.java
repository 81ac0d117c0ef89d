package dev.flashsale.recommendation.engine;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What is known about the one asking: recent interactions (newest first), declared preferences,
 * the segment they belong to (e.g. their age band; null if unknown) and items never to show
 * (already in the cart or bought, the one being viewed). Anonymous and new shoppers have an empty
 * context and get popular and fresh items, popular within their segment when it is known.
 */
public record ShopperContext(List<Interaction> history, Set<String> preferredCategories, PriceBand priceBand,
        Set<Long> excluded, String segment) {

    public static final ShopperContext ANONYMOUS = new ShopperContext(List.of(), Set.of(), null, Set.of(), null);

    public ShopperContext {
        history = List.copyOf(history);
        preferredCategories = Set.copyOf(preferredCategories);
        excluded = Set.copyOf(excluded);
    }

    /** "More like this item": the item is the whole context and is itself excluded. */
    public static ShopperContext around(long itemId, Instant now) {
        return new ShopperContext(List.of(new Interaction("", itemId, 1.0, now)), Set.of(), null, Set.of(itemId),
                null);
    }
}
