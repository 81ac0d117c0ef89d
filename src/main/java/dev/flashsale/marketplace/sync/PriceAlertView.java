package dev.flashsale.marketplace.sync;

import java.time.Instant;

import dev.flashsale.marketplace.Marketplace;

/** A price-drift alert as the admin list shows it. */
record PriceAlertView(long id, long productId, Long saleId, Marketplace marketplace, String reason,
        long marketplacePrice, Long previousPrice, Long ourPrice, Integer changePercent, Instant observedAt,
        Instant createdAt) {
}
