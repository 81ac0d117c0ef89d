package dev.flashsale.marketplace;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.flashsale.marketplace.sync.MarketplaceStore;
import reactor.core.publisher.Mono;

/**
 * Marketplace prices for other features (the MCP price comparison): the sync job's last
 * observations from Postgres. It never calls a marketplace, so it is as fast as our own data.
 */
@Service
public class MarketplacePrices {

    private final MarketplaceStore store;

    MarketplacePrices(MarketplaceStore store) {
        this.store = store;
    }

    public Mono<List<MarketplaceOffer>> latest(long productId) {
        return store.latest(productId);
    }
}
