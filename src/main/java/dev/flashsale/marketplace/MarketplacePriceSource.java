package dev.flashsale.marketplace;

import dev.flashsale.catalog.Product;
import reactor.core.publisher.Mono;

/** One marketplace's current price for a catalog product; empty when it is not listed there. */
public interface MarketplacePriceSource {

    Marketplace marketplace();

    boolean lists(Product product);

    Mono<MarketplaceOffer> offer(Product product);
}
