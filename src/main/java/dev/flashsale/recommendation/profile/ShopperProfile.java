package dev.flashsale.recommendation.profile;

import java.time.Instant;
import java.util.List;

import dev.flashsale.recommendation.engine.PriceBand;

/**
 * What a shopper told us about themself. Every attribute is optional; a shopper who never saved
 * a profile has the empty one ({@code updatedAt} null) and is ranked from behaviour alone.
 */
public record ShopperProfile(String shopperId, AgeBand ageBand, String region, List<String> preferredCategories,
        PriceBand priceBand, Instant updatedAt) {

    public ShopperProfile {
        preferredCategories = preferredCategories == null ? List.of() : List.copyOf(preferredCategories);
    }

    public static ShopperProfile empty(String shopperId) {
        return new ShopperProfile(shopperId, null, null, List.of(), null, null);
    }
}
