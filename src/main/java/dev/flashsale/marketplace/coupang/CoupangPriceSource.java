package dev.flashsale.marketplace.coupang;

import java.time.Clock;
import java.util.List;

import dev.flashsale.catalog.Product;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MarketplacePriceSource;
import dev.flashsale.marketplace.MarketplaceProperties;
import reactor.core.publisher.Mono;

/**
 * Coupang prices from the Partners product search. The API has no "product by id" call, so we
 * search by the product's name and pick the hit with our {@code coupangProductId}; search answers
 * are cached for at most five minutes (the provider's limit), which also spares the hourly quota.
 */
public final class CoupangPriceSource implements MarketplacePriceSource {

    static final int SEARCH_LIMIT = 20;

    private final CoupangClient client;
    private final ExpiringCache<String, List<CoupangProduct>> cache;
    private final Clock clock;

    public CoupangPriceSource(CoupangClient client, MarketplaceProperties.Coupang props, Clock clock) {
        this.client = client;
        this.cache = new ExpiringCache<>(props.effectiveCacheTtl(), 500, clock);
        this.clock = clock;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.COUPANG;
    }

    @Override
    public boolean lists(Product product) {
        return product.coupangProductId() != null && !product.coupangProductId().isBlank();
    }

    @Override
    public Mono<MarketplaceOffer> offer(Product product) {
        String keyword = product.name();
        return cache.get(keyword, () -> client.search(keyword, SEARCH_LIMIT))
                .flatMapIterable(hits -> hits)
                .filter(hit -> String.valueOf(hit.productId()).equals(product.coupangProductId()))
                .next()
                .map(hit -> new MarketplaceOffer(product.id(), Marketplace.COUPANG, product.coupangProductId(),
                        hit.productPrice(), true, hit.productUrl(), clock.instant()));
    }
}
