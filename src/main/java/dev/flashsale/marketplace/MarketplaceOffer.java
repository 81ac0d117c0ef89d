package dev.flashsale.marketplace;

import java.time.Instant;

/** What a marketplace asks for one of our products at one moment; price in KRW. */
public record MarketplaceOffer(long productId, Marketplace marketplace, String externalId, long price,
        boolean available, String url, Instant observedAt) {
}
